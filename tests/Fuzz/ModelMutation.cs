namespace NorwegianLlama.Fuzz;

/// <summary>One generated model case: which family of damage, what exactly was done, and the file's bytes.</summary>
public sealed record ModelMutation(int Index, string Family, string Description, byte[] Bytes);
