using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace NorwegianLlama.Tests;

/// <summary>
/// Reads which assemblies each type of a compiled assembly uses, from its metadata alone. Reflection cannot do
/// this here: loading a type that derives from PowerShell fails in a process without PowerShell.
/// </summary>
internal sealed class AssemblyReferences
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    private readonly PEReader pe;
    private readonly MetadataReader metadata;
    private readonly AssemblyNames names;

    public AssemblyReferences(string path)
    {
        pe = new PEReader(new MemoryStream(File.ReadAllBytes(path)));
        metadata = pe.GetMetadataReader();
        names = new AssemblyNames(this);
    }

    /// <summary>Types whose outermost declaring type is in the namespace, so closures and state machines count.</summary>
    public IReadOnlyList<TypeDefinitionHandle> TypesIn(string ns) =>
        metadata.TypeDefinitions.Where(handle => metadata.GetString(Outermost(handle).Namespace) == ns).ToList();

    public string NameOf(TypeDefinitionHandle handle)
    {
        TypeDefinition type = metadata.GetTypeDefinition(handle);
        return $"{metadata.GetString(Outermost(handle).Namespace)}.{metadata.GetString(type.Name)}";
    }

    public ISet<string> AssembliesUsedBy(TypeDefinitionHandle handle)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        TypeDefinition type = metadata.GetTypeDefinition(handle);
        AddEntity(used, type.BaseType);
        foreach (InterfaceImplementationHandle implementation in type.GetInterfaceImplementations())
        {
            AddEntity(used, metadata.GetInterfaceImplementation(implementation).Interface);
        }

        AddAttributes(used, type.GetCustomAttributes());
        foreach (FieldDefinitionHandle fieldHandle in type.GetFields())
        {
            FieldDefinition field = metadata.GetFieldDefinition(fieldHandle);
            used.UnionWith(field.DecodeSignature(names, null));
            AddAttributes(used, field.GetCustomAttributes());
        }

        foreach (PropertyDefinitionHandle propertyHandle in type.GetProperties())
        {
            PropertyDefinition property = metadata.GetPropertyDefinition(propertyHandle);
            AddMethodSignature(used, property.DecodeSignature(names, null));
            AddAttributes(used, property.GetCustomAttributes());
        }

        foreach (MethodDefinitionHandle methodHandle in type.GetMethods())
        {
            MethodDefinition method = metadata.GetMethodDefinition(methodHandle);
            AddMethodSignature(used, method.DecodeSignature(names, null));
            AddAttributes(used, method.GetCustomAttributes());
            if (method.RelativeVirtualAddress != 0)
            {
                AddBody(used, pe.GetMethodBody(method.RelativeVirtualAddress));
            }
        }

        return used;
    }

    private TypeDefinition Outermost(TypeDefinitionHandle handle)
    {
        TypeDefinition type = metadata.GetTypeDefinition(handle);
        while (type.GetDeclaringType() is { IsNil: false } outer)
        {
            type = metadata.GetTypeDefinition(outer);
        }

        return type;
    }

    private void AddAttributes(HashSet<string> used, CustomAttributeHandleCollection attributes)
    {
        foreach (CustomAttributeHandle handle in attributes)
        {
            AddEntity(used, metadata.GetCustomAttribute(handle).Constructor);
        }
    }

    private static void AddMethodSignature(HashSet<string> used, MethodSignature<ImmutableArray<string>> signature)
    {
        used.UnionWith(signature.ReturnType);
        foreach (ImmutableArray<string> parameter in signature.ParameterTypes)
        {
            used.UnionWith(parameter);
        }
    }

    private void AddBody(HashSet<string> used, MethodBodyBlock body)
    {
        if (!body.LocalSignature.IsNil)
        {
            foreach (ImmutableArray<string> local in metadata.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(names, null))
            {
                used.UnionWith(local);
            }
        }

        BlobReader il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            byte first = il.ReadByte();
            OpCode code = OpCodesByValue[first == 0xFE ? (short)(0xFE00 | il.ReadByte()) : first];
            switch (code.OperandType)
            {
                case OperandType.InlineMethod:
                case OperandType.InlineField:
                case OperandType.InlineType:
                case OperandType.InlineTok:
                case OperandType.InlineSig:
                    int token = il.ReadInt32();
                    Handle handle = MetadataTokens.Handle(token);
                    if (handle.Kind == HandleKind.StandaloneSignature)
                    {
                        AddMethodSignature(used, metadata.GetStandaloneSignature((StandaloneSignatureHandle)handle).DecodeMethodSignature(names, null));
                    }
                    else
                    {
                        AddEntity(used, (EntityHandle)handle);
                    }

                    break;
                case OperandType.InlineSwitch:
                    int targets = il.ReadInt32();
                    il.Offset += 4 * targets;
                    break;
                default:
                    il.Offset += OperandSize(code.OperandType);
                    break;
            }
        }
    }

    private static int OperandSize(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };

    /// <summary>The assemblies a type, method or field handle leads to, through its owner and its signature.</summary>
    private void AddEntity(HashSet<string> used, EntityHandle handle)
    {
        if (handle.IsNil)
        {
            return;
        }

        switch (handle.Kind)
        {
            case HandleKind.TypeReference:
            case HandleKind.TypeDefinition:
            case HandleKind.TypeSpecification:
                used.UnionWith(names.OfType(handle));
                break;
            case HandleKind.MemberReference:
                MemberReference member = metadata.GetMemberReference((MemberReferenceHandle)handle);
                AddEntity(used, member.Parent);
                if (member.GetKind() == MemberReferenceKind.Method)
                {
                    AddMethodSignature(used, member.DecodeMethodSignature(names, null));
                }
                else
                {
                    used.UnionWith(member.DecodeFieldSignature(names, null));
                }

                break;
            case HandleKind.MethodSpecification:
                MethodSpecification specification = metadata.GetMethodSpecification((MethodSpecificationHandle)handle);
                AddEntity(used, specification.Method);
                foreach (ImmutableArray<string> argument in specification.DecodeSignature(names, null))
                {
                    used.UnionWith(argument);
                }

                break;
            case HandleKind.MethodDefinition:
            case HandleKind.FieldDefinition:
                // Our own members: their types are checked where they are declared.
                break;
        }
    }

    /// <summary>Decodes signatures into the set of assembly names the types in them come from.</summary>
    private sealed class AssemblyNames(AssemblyReferences owner) : ISignatureTypeProvider<ImmutableArray<string>, object?>
    {
        private MetadataReader Metadata => owner.metadata;

        public ImmutableArray<string> OfType(EntityHandle handle) => handle.Kind switch
        {
            HandleKind.TypeReference => GetTypeFromReference(Metadata, (TypeReferenceHandle)handle, 0),
            HandleKind.TypeSpecification => Metadata.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null),
            _ => [],
        };

        public ImmutableArray<string> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            EntityHandle scope = reader.GetTypeReference(handle).ResolutionScope;
            while (scope.Kind == HandleKind.TypeReference)
            {
                scope = reader.GetTypeReference((TypeReferenceHandle)scope).ResolutionScope;
            }

            return scope.Kind == HandleKind.AssemblyReference
                ? [reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name)]
                : [];
        }

        public ImmutableArray<string> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => [];

        public ImmutableArray<string> GetTypeFromSpecification(MetadataReader reader, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, context);

        public ImmutableArray<string> GetPrimitiveType(PrimitiveTypeCode typeCode) => [];

        public ImmutableArray<string> GetSZArrayType(ImmutableArray<string> elementType) => elementType;

        public ImmutableArray<string> GetArrayType(ImmutableArray<string> elementType, ArrayShape shape) => elementType;

        public ImmutableArray<string> GetByReferenceType(ImmutableArray<string> elementType) => elementType;

        public ImmutableArray<string> GetPointerType(ImmutableArray<string> elementType) => elementType;

        public ImmutableArray<string> GetPinnedType(ImmutableArray<string> elementType) => elementType;

        public ImmutableArray<string> GetGenericInstantiation(ImmutableArray<string> genericType, ImmutableArray<ImmutableArray<string>> typeArguments) =>
            typeArguments.Aggregate(genericType, (all, argument) => all.AddRange(argument));

        public ImmutableArray<string> GetGenericMethodParameter(object? context, int index) => [];

        public ImmutableArray<string> GetGenericTypeParameter(object? context, int index) => [];

        public ImmutableArray<string> GetFunctionPointerType(MethodSignature<ImmutableArray<string>> signature) =>
            signature.ParameterTypes.Aggregate(signature.ReturnType, (all, parameter) => all.AddRange(parameter));

        public ImmutableArray<string> GetModifiedType(ImmutableArray<string> modifier, ImmutableArray<string> unmodifiedType, bool isRequired) =>
            unmodifiedType.AddRange(modifier);
    }
}
