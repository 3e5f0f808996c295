namespace NorwegianLlama.Fuzz;

/// <summary>
/// One generated LoRA adapter case: the family of damage, what was done, the adapter file's bytes, the base model
/// it is meant for (a <see cref="BaseModels"/> index) and the -LoraScale it is applied with.
/// </summary>
public sealed record AdapterMutation(int Index, string Family, string Description, byte[] Bytes, int BaseModel, float Scale);
