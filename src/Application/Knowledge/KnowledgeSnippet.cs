using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace MakCrm.Application.Knowledge;

/// <summary>
/// The snippet of a hit found by its words: at most <see cref="MaxPassages"/> passages of the body of at most
/// <see cref="MaxWords"/> words each, taken where the matched words stand thickest and joined by « … », HTML-escaped,
/// with every matched word wrapped in <c>&lt;mark&gt;</c>. Without a matched word in the body (the title matched), the
/// body's first <see cref="MaxWords"/> words.
/// <para>
/// A word is matched when, lower-cased and with ё read as е, it begins with one of the search's stems: the stems the
/// search itself matched on (PostgreSQL's Russian Snowball stemmer, whose stems are such prefixes of the word). Built
/// here from the hit's text, the snippet costs the database nothing; PostgreSQL's <c>ts_headline</c> would parse every
/// hit's whole body again. Markup tags in the text are dropped, as the search's parser drops them.
/// </para>
/// </summary>
public static partial class KnowledgeSnippet
{
    public const int MaxWords = 35;
    public const int MaxPassages = 2;

    /// <summary>Words shown before a passage's first match, so that it does not start on the match.</summary>
    private const int LeadingWords = 3;

    private const string PassageDelimiter = " … ";

    public static string Build(string text, IReadOnlyCollection<string> stems)
    {
        var plain = Tags().Replace(text, " ");
        var words = KnowledgeWords.Find(plain);
        if (words.Count == 0)
        {
            return "";
        }

        var prefixes = stems.Where(s => s.Length > 0).ToArray();
        var marked = words.Select(w => IsMatch(w.Value, prefixes)).ToArray();
        var passages = marked.Contains(true) ? Passages(marked) : [0];
        return string.Join(
            PassageDelimiter,
            passages.Select(start => Render(plain, words, marked, start, Math.Min(start + MaxWords, words.Count)))
        );
    }

    private static bool IsMatch(string word, string[] prefixes)
    {
        var normalized = word.ToLowerInvariant().Replace('ё', 'е');
        return prefixes.Any(p => normalized.StartsWith(p, StringComparison.Ordinal));
    }

    /// <summary>
    /// The first words of the passages, in text order: a window of <see cref="MaxWords"/> words may start a little
    /// before
    /// each matched word (so every window holds a match); the one holding the most matches is taken (the earliest on a
    /// tie), then the best that does not overlap it.
    /// </summary>
    private static List<int> Passages(bool[] marked)
    {
        var before = new int[marked.Length + 1];
        for (var i = 0; i < marked.Length; i++)
        {
            before[i + 1] = before[i] + (marked[i] ? 1 : 0);
        }

        var lastStart = Math.Max(0, marked.Length - MaxWords);
        int Matches(int start) => before[Math.Min(start + MaxWords, marked.Length)] - before[start];
        var starts = Enumerable
            .Range(0, marked.Length)
            .Where(i => marked[i])
            .Select(i => Math.Clamp(i - LeadingWords, 0, lastStart))
            .Distinct()
            .ToList();

        var chosen = new List<int>();
        while (chosen.Count < MaxPassages)
        {
            var free = starts.Where(s => chosen.All(c => s + MaxWords <= c || c + MaxWords <= s)).ToList();
            if (free.Count == 0)
            {
                break;
            }

            var best = free.Max(Matches);
            chosen.Add(free.First(s => Matches(s) == best));
        }

        chosen.Sort();
        return chosen;
    }

    /// <summary>Words <paramref name="start"/> to <paramref name="end"/> (exclusive) with what stands between them,
    /// white space collapsed.</summary>
    private static string Render(string text, IReadOnlyList<Match> words, bool[] marked, int start, int end)
    {
        var html = new StringBuilder();
        for (var i = start; i < end; i++)
        {
            if (i > start)
            {
                var gapStart = words[i - 1].Index + words[i - 1].Length;
                html.Append(WebUtility.HtmlEncode(WhiteSpace().Replace(text[gapStart..words[i].Index], " ")));
            }

            var word = WebUtility.HtmlEncode(words[i].Value);
            html.Append(marked[i] ? $"<mark>{word}</mark>" : word);
        }

        return html.ToString();
    }

    [GeneratedRegex(@"<(?:/?[A-Za-z][^<>]*|!--.*?--)>", RegexOptions.Singleline)]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}

/// <summary>Words as the knowledge search reads them out of a text: runs of letters and digits.</summary>
public static partial class KnowledgeWords
{
    public static IReadOnlyList<Match> Find(string text) => Pattern().Matches(text);

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Pattern();
}
