namespace NorwegianLlama.TestModels;

/// <summary>
/// The tensors of a llama.cpp Q4_K_M conversion of a Llama-2 model, with the types its quantizer picks
/// (llama_tensor_get_type in llama-quant.cpp), and no data: every tensor is a hole in the file, which reads as
/// zeros, and zeros are valid Q4_K and Q6_K blocks. So the file has a real model's size and work, not its bytes.
/// </summary>
internal static class Q4KMediumTensors
{
    public static void Add(GgufBuilder builder, Llama2Shape shape)
    {
        long embedding = shape.Embedding;
        long feedForward = shape.FeedForward;
        const long vocabulary = Llama2Shape.VocabularySize;

        void Matrix(string name, long inputs, long outputs, uint type) =>
            builder.AddSparseTensor(name, [inputs, outputs], type, KQuantType.DataLength(type, inputs * outputs));

        void Norm(string name) => builder.AddTensor(name, [embedding], GgufTensor.F32, TestWeights.Ones(embedding));

        // Q4_K_M keeps the default Q4_K for the token embedding and lifts only the output projection to Q6_K.
        Matrix("token_embd.weight", embedding, vocabulary, KQuantType.Q4K);

        for (int layer = 0; layer < shape.Layers; layer++)
        {
            string prefix = $"blk.{layer}.";
            uint moreBits = UseMoreBits(layer, shape.Layers) ? KQuantType.Q6K : KQuantType.Q4K;
            Norm(prefix + "attn_norm.weight");
            Matrix(prefix + "attn_q.weight", embedding, embedding, KQuantType.Q4K);
            Matrix(prefix + "attn_k.weight", embedding, embedding, KQuantType.Q4K);
            Matrix(prefix + "attn_v.weight", embedding, embedding, moreBits);
            Matrix(prefix + "attn_output.weight", embedding, embedding, KQuantType.Q4K);
            Norm(prefix + "ffn_norm.weight");
            Matrix(prefix + "ffn_gate.weight", embedding, feedForward, KQuantType.Q4K);
            Matrix(prefix + "ffn_up.weight", embedding, feedForward, KQuantType.Q4K);
            Matrix(prefix + "ffn_down.weight", feedForward, embedding, moreBits);
        }

        Norm("output_norm.weight");
        Matrix("output.weight", embedding, vocabulary, KQuantType.Q6K);
    }

    /// <summary>
    /// llama.cpp's use_more_bits: the first and last eighth of the layers and every third one between get Q6_K
    /// attn_v and ffn_down (Llama-2 has one attn_v and one ffn_down per layer, so the counter is the layer).
    /// </summary>
    internal static bool UseMoreBits(int layer, int layers) =>
        layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
}
