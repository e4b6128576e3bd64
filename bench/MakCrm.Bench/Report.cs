using System.Globalization;

namespace MakCrm.Bench;

/// <summary>The results, on the console and in bench/results/bench-&lt;time&gt;.txt; progress goes to stderr only.</summary>
internal sealed class Report(string path) : IDisposable
{
    private readonly StreamWriter _file = new(path) { AutoFlush = true };

    public string Path { get; } = path;

    public void Machine()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
        Line($"machine: {Environment.ProcessorCount} cores, {cpu}, {long.Parse(memory, CultureInfo.InvariantCulture) / 1048576.0:0.0} GiB RAM; "
            + $"load average {string.Join(' ', load)}; {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
    }

    public void Heading(string text)
    {
        Line("");
        Line($"## {text}");
    }

    public void Line(string text)
    {
        Console.WriteLine(text);
        _file.WriteLine(text);
    }

    public void Progress(string text) => Console.Error.WriteLine($"  .. {DateTimeOffset.Now:HH:mm:ss} {text}");

    public void Table(string[] header, IReadOnlyList<string[]> rows)
    {
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        string Format(string[] cells) => "| " + string.Join(" | ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))) + " |";
        Line(Format(header));
        Line("|" + string.Join("|", widths.Select((w, i) => i == 0 ? new string('-', w + 2) : new string('-', w + 1) + ":")) + "|");
        foreach (var row in rows)
        {
            Line(Format(row));
        }
    }

    public void Dispose() => _file.Dispose();
}
