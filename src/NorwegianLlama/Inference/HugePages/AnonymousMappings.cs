using System;
using System.Collections.Generic;
using System.Globalization;

namespace NorwegianLlama.Inference.HugePages;

/// <summary>A private, writable mapping with no file behind it: where malloc puts a large native buffer.</summary>
internal readonly record struct AnonymousMapping(ulong Start, ulong Length);

/// <summary>Reads the lines of /proc/&lt;pid&gt;/maps.</summary>
internal static class AnonymousMappings
{
    /// <summary>
    /// The anonymous private writable mappings of at least <paramref name="minimumLength"/> bytes. The heap
    /// and stacks are named ("[heap]", "[stack]") and so left out, as are read-only and shared mappings.
    /// </summary>
    public static List<AnonymousMapping> Parse(IEnumerable<string> mapsLines, ulong minimumLength)
    {
        List<AnonymousMapping> found = [];
        foreach (string line in mapsLines)
        {
            if (TryParse(line, out AnonymousMapping mapping) && mapping.Length >= minimumLength)
            {
                found.Add(mapping);
            }
        }

        return found;
    }

    // "7f2c1a000000-7f2c9a000000 rw-p 00000000 00:00 0" and, for a named one, a path after the inode.
    private static bool TryParse(string line, out AnonymousMapping mapping)
    {
        mapping = default;
        string[] fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 5 || fields.Length == 6 && fields[5].Trim().Length > 0)
        {
            return false;
        }

        string permissions = fields[1];
        if (permissions.Length < 4 || permissions[1] != 'w' || permissions[3] != 'p' || fields[4] != "0")
        {
            return false;
        }

        int dash = fields[0].IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0
            || !ulong.TryParse(fields[0].AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong start)
            || !ulong.TryParse(fields[0].AsSpan(dash + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong end)
            || end <= start)
        {
            return false;
        }

        mapping = new AnonymousMapping(start, end - start);
        return true;
    }
}
