#:property PublishAot=false
// Merges the Cobertura reports coverlet wrote for each test project (`dotnet test --collect "XPlat Code Coverage"`)
// into the line coverage of the code under src/, prints it per project and in total, and fails below the floor.
// A line is covered when any test project's run covered it: each project instruments every src assembly it loads,
// so the same line appears in several reports, and one hit in any of them counts.
//
// Run by `./mak test`: dotnet run tools/Coverage/Coverage.cs -- <reports directory> <src directory> <floor, percent>
using System.Globalization;
using System.Xml.Linq;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Coverage.cs <reports directory> <src directory> <floor percent>");
    return 2;
}

var reports = Directory.GetFiles(args[0], "coverage.cobertura.xml", SearchOption.AllDirectories);
var src = Path.GetFullPath(args[1]).TrimEnd('/') + "/";
var floor = double.Parse(args[2], CultureInfo.InvariantCulture);
if (reports.Length == 0)
{
    Console.Error.WriteLine($"No coverage reports under {args[0]}.");
    return 1;
}

// (file, line) → covered in any report.
var lines = new Dictionary<(string File, int Line), bool>();
foreach (var report in reports)
{
    var document = XDocument.Load(report);
    var sources = document.Descendants("source").Select(s => s.Value).ToList();
    foreach (var @class in document.Descendants("class"))
    {
        var file = Resolve(@class.Attribute("filename")!.Value, sources);
        if (!file.StartsWith(src, StringComparison.Ordinal))
        {
            continue;
        }

        foreach (var line in @class.Element("lines")?.Elements("line") ?? [])
        {
            var key = (file, int.Parse(line.Attribute("number")!.Value, CultureInfo.InvariantCulture));
            var hit = long.Parse(line.Attribute("hits")!.Value, CultureInfo.InvariantCulture) > 0;
            lines[key] = lines.TryGetValue(key, out var before) ? before || hit : hit;
        }
    }
}

Console.WriteLine($"Line coverage of src/ ({reports.Length} reports merged):");
foreach (var project in lines.GroupBy(l => l.Key.File[src.Length..].Split('/')[0]).OrderBy(g => g.Key, StringComparer.Ordinal))
{
    Print(project.Key, project.Count(l => l.Value), project.Count());
}

var covered = lines.Count(l => l.Value);
var percent = Print("total", covered, lines.Count);
if (percent < floor)
{
    Console.Error.WriteLine($"Line coverage {percent:0.00}% is below the floor of {floor:0.##}%.");
    return 1;
}

Console.WriteLine($"The floor is {floor:0.##}%.");
return 0;

static double Print(string name, int covered, int total)
{
    var percent = total == 0 ? 100 : 100.0 * covered / total;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-16} {percent,6:0.00}%  ({covered} of {total} lines)"));
    return percent;
}

static string Resolve(string filename, List<string> sources)
{
    if (Path.IsPathRooted(filename))
    {
        return Path.GetFullPath(filename);
    }

    foreach (var source in sources)
    {
        var path = Path.GetFullPath(Path.Combine(source, filename));
        if (File.Exists(path))
        {
            return path;
        }
    }

    return Path.GetFullPath(Path.Combine(sources.FirstOrDefault() ?? "", filename));
}
