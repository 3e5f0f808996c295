using System;
using NorwegianLlama.TestModels;

namespace NorwegianLlama.Fuzz;

/// <summary>
/// Derives model case N from N alone: the family is N modulo the number of families, the base model and every
/// random choice come from a generator seeded with N, and the round (N divided by the family count) walks each
/// family through its kinds of field, keys and values in turn. The same N always gives the same bytes.
/// </summary>
public static class ModelMutator
{
    private delegate string ByteDamage(byte[] bytes, GgufLayout layout, Random random, int round);

    private delegate string BuilderDamage(GgufBuilder builder, int which, Random random, int round);

    private static readonly (string Family, Func<int, Random, int, (string, byte[])> Make)[] Families =
    [
        ("BitFlipTables", OnBytes(ByteMutations.FlipTableBits)),
        ("BitFlipData", OnBytes(ByteMutations.FlipDataBits)),
        ("PoisonedWeights", OnBytes(ByteMutations.PoisonData)),
        ("Truncated", (which, random, round) => ByteMutations.Truncate(BaseModels.Bytes(which), BaseModels.Layout(which), random, round)),
        ("Truncated", (which, random, round) => ByteMutations.Truncate(BaseModels.Bytes(which), BaseModels.Layout(which), random, round + 7)),
        ("CountOrLength", OnBytes(ByteMutations.OverwriteCount)),
        ("CountOrLength", OnBytes((bytes, layout, random, round) => ByteMutations.OverwriteCount(bytes, layout, random, round + 3))),
        ("TypeField", OnBytes(ByteMutations.OverwriteType)),
        ("TensorOffset", OnBytes(ByteMutations.OverwriteOffset)),
        ("Header", OnBytes(ByteMutations.OverwriteHeader)),
        ("RandomRun", OnBytes(ByteMutations.RandomRun)),
        ("BadText", OnBytes(ByteMutations.BadText)),
        ("AbsurdHyperparameter", OnBuilder(StructuralMutations.AbsurdHyperparameter)),
        ("WrongKeyType", OnBuilder(StructuralMutations.WrongKeyType)),
        ("MissingKey", OnBuilder(StructuralMutations.MissingKey)),
        ("IncoherentShape", OnBuilder(StructuralMutations.IncoherentShape)),
        ("WrongTensorShape", OnBuilder(StructuralMutations.WrongTensorShape)),
        ("WrongTensorType", OnBuilder(StructuralMutations.WrongTensorType)),
        ("TensorSet", OnBuilder(StructuralMutations.TensorSet)),
        ("BrokenVocabulary", OnBuilder(StructuralMutations.BrokenVocabulary)),
        ("SpecialIdOutOfRange", OnBuilder(StructuralMutations.SpecialIdOutOfRange)),
        ("AlignmentLie", OnBuilder(StructuralMutations.AlignmentLie)),
        ("ForeignFormat", (which, random, round) => ForeignFormats.Create(round, random)),
        ("Intact", (which, random, round) => ("unchanged base model", BaseModels.Bytes(which))),
    ];

    public static int FamilyCount => Families.Length;

    public static ModelMutation Create(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var random = new Random((int)(((uint)index * 2654435761u) ^ 20261126u) & int.MaxValue);
        int which = random.Next(BaseModels.Count);
        (string family, Func<int, Random, int, (string, byte[])> make) = Families[index % Families.Length];
        (string description, byte[] bytes) = make(which, random, index / Families.Length);
        return new ModelMutation(index, family, $"{BaseModels.Spec(which).Name}: {description}", bytes);
    }

    private static Func<int, Random, int, (string, byte[])> OnBytes(ByteDamage damage) =>
        (which, random, round) =>
        {
            byte[] bytes = BaseModels.Bytes(which);
            return (damage(bytes, BaseModels.Layout(which), random, round), bytes);
        };

    private static Func<int, Random, int, (string, byte[])> OnBuilder(BuilderDamage damage) =>
        (which, random, round) =>
        {
            GgufBuilder builder = BaseModels.Builder(which);
            string description = damage(builder, which, random, round);
            return (description, builder.ToArray());
        };
}
