namespace NorwegianLlama.Prompting;

/// <summary>The three roles Llama-2 chat was trained on; anything else has no place in the template.</summary>
internal enum ChatRole
{
    System,
    User,
    Assistant,
}
