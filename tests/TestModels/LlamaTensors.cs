namespace NorwegianLlama.TestModels;

/// <summary>
/// The tensors llama.cpp's llama architecture loads, in ggml shape order (ne0, the input dimension, first), so a
/// weight [in, out] multiplies an activation of size "in".
/// </summary>
internal static class LlamaTensors
{
    public static void Add(GgufBuilder builder, TestModelSpec spec)
    {
        uint matrixType = spec.TensorType == TestTensorType.F16 ? GgufTensor.F16 : GgufTensor.F32;
        long embedding = spec.Embedding;
        long vocabulary = TestVocabulary.SizeFor(spec);
        long kvEmbedding = spec.KvEmbedding;
        long feedForward = spec.FeedForward;

        // Generated as the file is written: a model of a real shape is gigabytes.
        void Matrix(string name, long inputs, long outputs) =>
            builder.AddTensor(name, [inputs, outputs], matrixType, inputs * outputs * TestWeights.ElementSize(matrixType),
                stream => TestWeights.WriteRandom(stream, spec.Seed, name, inputs * outputs, inputs, matrixType));

        void Norm(string name) => builder.AddTensor(name, [embedding], GgufTensor.F32, TestWeights.Ones(embedding));

        Matrix("token_embd.weight", embedding, vocabulary);

        for (int layer = 0; layer < spec.Layers; layer++)
        {
            string prefix = $"blk.{layer}.";
            Norm(prefix + "attn_norm.weight");
            Matrix(prefix + "attn_q.weight", embedding, embedding);
            Matrix(prefix + "attn_k.weight", embedding, kvEmbedding);
            Matrix(prefix + "attn_v.weight", embedding, kvEmbedding);
            Matrix(prefix + "attn_output.weight", embedding, embedding);
            Norm(prefix + "ffn_norm.weight");
            Matrix(prefix + "ffn_gate.weight", embedding, feedForward);
            Matrix(prefix + "ffn_up.weight", embedding, feedForward);
            Matrix(prefix + "ffn_down.weight", feedForward, embedding);
        }

        Norm("output_norm.weight");

        // Without output.weight llama.cpp ties the output projection to token_embd.weight.
        if (!spec.TiedOutput)
        {
            Matrix("output.weight", embedding, vocabulary);
        }
    }
}
