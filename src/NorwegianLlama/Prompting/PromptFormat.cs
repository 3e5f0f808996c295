namespace NorwegianLlama.Prompting;

/// <summary>The two prompt formats the model card says the model was tuned on.</summary>
internal enum PromptFormat
{
    Llama2Chat,
    Alpaca,
}
