using System.Text;

namespace HilHarness.BoardAgent.Tests.Fuzz;

/// <summary>Deterministic (seeded) generator of hostile request lines: valid requests of every op family, then
/// mutated — types flipped, fields dropped, truncated, huge numbers, deep nesting, invalid UTF-8, random bytes.</summary>
public sealed class LineMutator(int seed)
{
    private static readonly string[] Valid =
    [
        "{\"id\":ID,\"op\":\"ping\"}",
        "{\"id\":ID,\"op\":\"hello\"}",
        "{\"id\":ID,\"op\":\"open\",\"args\":{\"driver\":\"vc4\",\"node\":\"card\"}}",
        "{\"id\":ID,\"op\":\"open\",\"args\":{\"path\":\"/dev/dri/card0\"}}",
        "{\"id\":ID,\"op\":\"close\",\"args\":{\"fd\":3}}",
        "{\"id\":ID,\"op\":\"vc4.create_bo\",\"args\":{\"fd\":5,\"size\":4096,\"flags\":0}}",
        "{\"id\":ID,\"op\":\"vc4.submit_cl\",\"args\":{\"fd\":5,\"bin_cl\":\"AAEC\",\"bo_handles\":[1,2],\"color_write\":{\"hindex\":0,\"bits\":1},\"clear_color\":[1,2]}}",
        "{\"id\":ID,\"op\":\"vc4.label_bo\",\"args\":{\"fd\":5,\"handle\":1,\"name\":\"x\"}}",
        "{\"id\":ID,\"op\":\"vc4.perfmon_create\",\"args\":{\"fd\":5,\"events\":[1,2,3]}}",
        "{\"id\":ID,\"op\":\"vc4.get_hang_state\",\"args\":{\"fd\":5,\"bo_count\":4}}",
        "{\"id\":ID,\"op\":\"panthor.vm_bind\",\"args\":{\"fd\":5,\"vm_id\":1,\"ops\":[{\"flags\":1,\"va\":4096,\"size\":4096,\"syncs\":[{\"handle\":1}]}]}}",
        "{\"id\":ID,\"op\":\"panthor.group_create\",\"args\":{\"fd\":5,\"queues\":{\"stride\":8,\"array\":[{\"priority\":1,\"ringbuf_size\":4096}]}}}",
        "{\"id\":ID,\"op\":\"panthor.dev_query\",\"args\":{\"fd\":5,\"type\":0}}",
        "{\"id\":ID,\"op\":\"panthor.bo_set_label\",\"args\":{\"fd\":5,\"handle\":1,\"label\":null}}",
        "{\"id\":ID,\"op\":\"drm.syncobj_wait\",\"args\":{\"fd\":5,\"handles\":[1],\"relative_timeout_ns\":10}}",
        "{\"id\":ID,\"op\":\"drm.prime_handle_to_fd\",\"args\":{\"fd\":5,\"handle\":1,\"obj_fd\":0}}",
        "{\"id\":ID,\"op\":\"drm.version\",\"args\":{\"fd\":5}}",
        "{\"id\":ID,\"op\":\"mmap\",\"args\":{\"fd\":5,\"offset\":0,\"length\":4096,\"prot\":\"r\"}}",
        "{\"id\":ID,\"op\":\"map.read\",\"args\":{\"map\":1,\"offset\":0,\"length\":16}}",
        "{\"id\":ID,\"op\":\"observe\",\"args\":{\"what\":[\"taint\",\"kmsg\"]}}",
        "{\"id\":ID,\"op\":\"batch\",\"args\":{\"steps\":[{\"op\":\"ping\"},{\"op\":\"vc4.create_bo\",\"args\":{\"fd\":{\"$ref\":\"0.fd\"}}}]}}",
        "{\"id\":ID,\"op\":\"race\",\"args\":{\"seed\":3,\"steps\":[{\"op\":\"ping\"},{\"op\":\"ping\"}]}}",
        "{\"id\":ID,\"op\":\"sim.now\"}",
    ];

    private static readonly string[] Replacements =
    [
        "\"s\"", "[]", "{}", "null", "true", "-1", "1.5", "1e30", "18446744073709551616", "-9223372036854775809",
        "4294967296", "{\"$ref\":\"9.fd\"}", "{\"addr\":0}", "\"\\u0000\"",
    ];

    private readonly Random random = new(seed);

    /// <summary>One line of bytes (no newline). <paramref name="id"/> is the id valid requests carry.</summary>
    public byte[] Next(long id, int maxLine)
    {
        string line = Valid[random.Next(Valid.Length)].Replace("ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        int mutation = random.Next(12);
        switch (mutation)
        {
            case 0: return Encoding.UTF8.GetBytes(line);
            case 1: return Encoding.UTF8.GetBytes(line[..random.Next(line.Length)]);
            case 2: return Encoding.UTF8.GetBytes(ReplaceValue(line));
            case 3: return Encoding.UTF8.GetBytes(DropField(line));
            case 4: return Encoding.UTF8.GetBytes(line.Insert(line.Length - 1, ",\"deep\":" + new string('[', 200) + new string(']', 200)));
            case 5:
            {
                var bytes = Encoding.UTF8.GetBytes(line).ToList();
                bytes.Insert(random.Next(bytes.Count), (byte)(0x80 + random.Next(0x40)));
                bytes.Insert(random.Next(bytes.Count), 0xff);
                return [.. bytes];
            }
            case 6:
            {
                var bytes = new byte[random.Next(1, 200)];
                random.NextBytes(bytes);
                return [.. bytes.Select(b => b == (byte)'\n' ? (byte)' ' : b)];
            }
            case 7 when random.Next(200) == 0:
                return Encoding.UTF8.GetBytes(line.Insert(line.Length - 1, ",\"pad\":\"" + new string('x', maxLine) + "\""));
            case 8: return Encoding.UTF8.GetBytes(ReplaceValue(ReplaceValue(line)));
            default: return Encoding.UTF8.GetBytes(random.Next(2) == 0 ? line : ReplaceValue(line));
        }
    }

    /// <summary>Replaces one value (after a ':') with a hostile one.</summary>
    private string ReplaceValue(string line)
    {
        var colons = Enumerable.Range(0, line.Length).Where(i => line[i] == ':').ToList();
        if (colons.Count == 0) return line;
        int at = colons[random.Next(colons.Count)] + 1;
        int end = at;
        int depth = 0;
        bool inString = false;
        for (; end < line.Length; end++)
        {
            char c = line[end];
            if (inString) { if (c == '\\') end++; else if (c == '"') inString = false; continue; }
            if (c == '"') inString = true;
            else if (c is '{' or '[') depth++;
            else if (c is '}' or ']') { if (depth == 0) break; depth--; }
            else if (c == ',' && depth == 0) break;
        }
        return line[..at] + Replacements[random.Next(Replacements.Length)] + line[end..];
    }

    /// <summary>Removes one "key":value pair (roughly: from a key's quote to the next comma).</summary>
    private string DropField(string line)
    {
        var commas = Enumerable.Range(0, line.Length).Where(i => line[i] == ',').ToList();
        if (commas.Count == 0) return line;
        int at = commas[random.Next(commas.Count)];
        int next = line.IndexOfAny([',', '}'], at + 1);
        return next < 0 ? line : line[..at] + line[next..];
    }
}
