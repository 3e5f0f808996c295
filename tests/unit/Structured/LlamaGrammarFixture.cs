using System;
using System.IO;
using System.Runtime.InteropServices;
using LLama;
using LLama.Common;
using LLama.Native;
using NorwegianLlama.TestModels;

namespace NorwegianLlama.Tests.Structured;

/// <summary>
/// llama.cpp's own grammar parser, reached through the native library LLamaSharp loaded, on a generated
/// model's vocabulary. LLamaSharp's AddGrammar hides llama_sampler_init_grammar's result (a bad grammar
/// gives NULL, which it adds to the chain unchecked and which crashes the process on first use), so the
/// test calls the export itself and looks at the pointer.
/// </summary>
public sealed class LlamaGrammarFixture : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "norsk-grammar-" + Guid.NewGuid().ToString("N"));
    private readonly LLamaWeights _weights;
    private readonly InitGrammar _init;
    private readonly FreeSampler _free;
    private readonly IntPtr _vocab;

    public LlamaGrammarFixture()
    {
        QuietNativeLog.Configure();

        Directory.CreateDirectory(_folder);
        string path = Path.Combine(_folder, "grammar.gguf");
        TestModelWriter.Write(path, new TestModelSpec());
        _weights = LLamaWeights.LoadFromFile(new ModelParams(path) { VocabOnly = true, GpuLayerCount = 0 });

        // LLamaSharp's import resolver for "llama" hands back the library it already loaded.
        IntPtr library = NativeLibrary.Load("llama", typeof(NativeApi).Assembly, null);
        var getVocab = Marshal.GetDelegateForFunctionPointer<GetVocab>(NativeLibrary.GetExport(library, "llama_model_get_vocab"));
        _init = Marshal.GetDelegateForFunctionPointer<InitGrammar>(NativeLibrary.GetExport(library, "llama_sampler_init_grammar"));
        _free = Marshal.GetDelegateForFunctionPointer<FreeSampler>(NativeLibrary.GetExport(library, "llama_sampler_free"));
        _vocab = getVocab(_weights.NativeHandle.DangerousGetHandle());
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GetVocab(IntPtr model);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr InitGrammar(IntPtr vocab, [MarshalAs(UnmanagedType.LPUTF8Str)] string grammar, [MarshalAs(UnmanagedType.LPUTF8Str)] string root);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void FreeSampler(IntPtr sampler);

    public SafeLlamaModelHandle Model => _weights.NativeHandle;

    /// <summary>Whether llama.cpp builds a grammar sampler from the text (root rule "root").</summary>
    public bool LlamaAccepts(string grammar)
    {
        IntPtr sampler = _init(_vocab, grammar, "root");
        if (sampler == IntPtr.Zero)
        {
            return false;
        }

        _free(sampler);
        return true;
    }

    public void Dispose()
    {
        _weights.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
