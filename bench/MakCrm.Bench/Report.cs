using System.Globalization;

namespace MakCrm.Bench;

/// <summary>The results, on the console and in bench/results/bench-&lt;time&gt;.txt; progress goes to stderr only.</summary>
internal sealed class Report(string path) : IDisposable
{
    private readonly StreamWriter _file = new(path) { AutoFlush = true };
    private readonly List<string[]> _judged = [];

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

    /// <summary>A Markdown table: the first <paramref name="textColumns"/> columns left, figures right.</summary>
    public void Table(string[] header, IReadOnlyList<string[]> rows, int textColumns = 1)
    {
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        string Cell(string text, int i) => i < textColumns ? text.PadRight(widths[i]) : text.PadLeft(widths[i]);
        string Rule(int width, int i) => i < textColumns ? new('-', width + 2) : new string('-', width + 1) + ":";
        string Format(string[] cells) => "| " + string.Join(" | ", cells.Select(Cell)) + " |";
        Line(Format(header));
        Line("|" + string.Join("|", widths.Select(Rule)) + "|");
        foreach (var row in rows)
        {
            Line(Format(row));
        }
    }

    /// <summary>
    /// Prints what a unit of work cost each process of each side (<see cref="RunMonitor.Result.CpuPer"/>, with a note
    /// when one is given), and returns the sides' costs for the summary.
    /// </summary>
    public CpuCosts CpuPer(
        string unit, RunMonitor.Result api, double apiPerSecond, RunMonitor.Result baseline, double baselinePerSecond,
        string? note = null)
    {
        var line = RunMonitor.Result.CpuPer(unit, api, apiPerSecond, baseline, baselinePerSecond);
        Line(note is null ? line : $"{line} ({note})");
        return new CpuCosts(unit, api.Per(apiPerSecond), baseline.Per(baselinePerSecond));
    }

    /// <summary>
    /// Keeps a judged figure of a benchmark for <see cref="Summary"/>: its value, target and verdict (PASS, FAIL or
    /// INVALID), and, where the benchmark measured them, what a unit of work cost each side in CPU.
    /// </summary>
    public void Judged(
        string benchmark, string figure, string value, string target, bool? pass, CpuCosts? costs = null) =>
        _judged.Add(
        [
            benchmark, figure, value, target, pass switch { true => "PASS", false => "FAIL", null => "INVALID" },
            costs?.Unit ?? "-", costs?.Api.ToString() ?? "-", costs?.Baseline.ToString() ?? "-",
        ]);

    /// <summary>The table that ends a run: every judged figure of the benchmarks run, with its CPU per unit.</summary>
    public void Summary()
    {
        if (_judged.Count == 0)
        {
            return;
        }

        Heading("Summary");
        string[] header =
        [
            "benchmark", "judged", "value", "target", "verdict", "CPU per",
            "API ms: server + PostgreSQL", "baseline ms: server + PostgreSQL",
        ];
        Table(header, _judged, textColumns: 2);
        Line("(a baseline's \"server\" is the bench process where that side runs in it: import's COPY, reports' and "
            + "kb's SQL, the receiver alone of webhooks)");
    }

    public void Dispose() => _file.Dispose();
}

/// <summary>What a unit of work (<paramref name="Unit"/>: a lead, a request, a row) cost each side in CPU.</summary>
internal sealed record CpuCosts(string Unit, CpuCost Api, CpuCost Baseline);
