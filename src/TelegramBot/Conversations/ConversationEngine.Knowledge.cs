using System.Net;
using System.Text.RegularExpressions;
using MakCrm.Client;

namespace MakCrm.TelegramBot.Conversations;

// The FAQ (by section, one answer at a time) and the knowledge-base search. A linked user reads as itself (its
// delegated token); a chat that is not linked reads through the bot's own client, which the API answers as the public
// (what is shown to everyone or to guests, never head office's internal or partner-only material).
public sealed partial class ConversationEngine
{
    private const int SearchHits = 5;
    private const int MaxArticleLength = 3500;

    private async Task<bool> HandleKnowledgeActionAsync(ChatContext chat, string action, string? argument)
    {
        if (
            action
            is not (Actions.Faq or Actions.FaqSection or Actions.FaqEntry or Actions.Search or Actions.KnowledgeArticle)
        )
        {
            return false;
        }

        var api = await KnowledgeApiAsync(chat);
        try
        {
            switch (action)
            {
                case Actions.Faq:
                    await ShowFaqAsync(chat, api, null);
                    break;
                case Actions.FaqSection when Guid.TryParse(argument, out var sectionId):
                    await ShowFaqAsync(chat, api, sectionId);
                    break;
                case Actions.FaqEntry when Guid.TryParse(argument, out var entryId):
                    var entry = (await api.GetFaqEntryAsync(entryId, chat.CancellationToken)).Result;
                    await chat.ReplyAsync($"❓ {entry.Question}\n\n{entry.Answer}", KnowledgeRows);
                    break;
                case Actions.KnowledgeArticle when Guid.TryParse(argument, out var articleId):
                    var article = (await api.GetArticleAsync(articleId, chat.CancellationToken)).Result;
                    var body =
                        article.Body.Length > MaxArticleLength
                            ? article.Body[..MaxArticleLength] + "…\n" + Texts.ArticleCut
                            : article.Body;
                    await chat.ReplyAsync($"📄 {article.Title}\n\n{body}", KnowledgeRows);
                    break;
                case Actions.Search:
                    chat.Session.Reset();
                    chat.Session.Step = Steps.KnowledgeSearch;
                    await chat.ReplyAsync(Texts.AskSearch, CancelRow);
                    break;
                default:
                    await chat.ReplyAsync(Texts.StaleButton);
                    await ShowMenuAsync(chat);
                    break;
            }
        }
        catch (MakCrmApiException e) when (e.StatusCode == 404)
        {
            await chat.ReplyAsync(Texts.KnowledgeNotFound, KnowledgeRows);
        }
        catch (MakCrmApiException e) when (e.StatusCode is 401 or 403)
        {
            await chat.ReplyAsync(
                Texts.FaqUnavailable,
                [
                    [new Choice(Texts.MenuButton, Actions.Menu)],
                ]
            );
        }

        return true;
    }

    /// <summary>Text typed at a knowledge step (the search's query); false for a step that is not one of
    /// these.</summary>
    private async Task<bool> OnKnowledgeStepAsync(ChatContext chat, string step, string text)
    {
        if (step != Steps.KnowledgeSearch)
        {
            return false;
        }

        var api = await KnowledgeApiAsync(chat);
        ICollection<KnowledgeHit> hits;
        try
        {
            hits = (
                await api.SearchKnowledgeAsync(q: text, limit: SearchHits, cancellationToken: chat.CancellationToken)
            )
                .Result
                .Items;
        }
        catch (MakCrmApiException e) when (e.StatusCode == 400)
        {
            await chat.ReplyAsync(FieldErrors(e, Texts.SearchRefused), CancelRow);
            return true;
        }
        catch (MakCrmApiException e) when (e.StatusCode is 401 or 403)
        {
            chat.Session.Reset();
            await chat.ReplyAsync(
                Texts.FaqUnavailable,
                [
                    [new Choice(Texts.MenuButton, Actions.Menu)],
                ]
            );
            return true;
        }

        chat.Session.Reset();
        if (hits.Count == 0)
        {
            await chat.ReplyAsync(Texts.NothingFound, KnowledgeRows);
            return true;
        }

        var lines = new List<string> { Texts.SearchResults };
        var rows = new List<IEnumerable<Choice>>();
        var number = 0;
        foreach (var hit in hits)
        {
            number++;
            lines.Add(
                $"\n{number}. {(hit.Kind == KnowledgeHitKind.Faq ? "❓" : "📄")} {hit.Title}\n"
                    + PlainSnippet(hit.Snippet)
            );
            rows.Add([
                new Choice(
                    $"{number}. {Shorten(hit.Title, 50)}",
                    hit.Kind == KnowledgeHitKind.Faq ? Actions.FaqEntry : Actions.KnowledgeArticle,
                    hit.Id.ToString()
                ),
            ]);
        }

        rows.AddRange(KnowledgeRows);
        await chat.ReplyAsync(string.Join("\n", lines), rows);
        return true;
    }

    /// <summary>
    /// The FAQ the reader may see: with entries in several sections, the sections first (only those with an entry the
    /// reader sees, so no section's title shows that something hidden exists); in one section, its questions.
    /// </summary>
    private async Task ShowFaqAsync(ChatContext chat, IMakCrmApiClient api, Guid? sectionId)
    {
        var entries = (await api.ListFaqEntriesAsync(sectionId, chat.CancellationToken)).Result.Items;
        if (entries.Count == 0)
        {
            await chat.ReplyAsync(Texts.FaqEmpty, KnowledgeRows);
            return;
        }

        var sections = entries.Select(e => e.SectionId).Distinct().ToList();
        if (sectionId is null && sections.Count > 1)
        {
            var titles = (await api.ListKnowledgeSectionsAsync(chat.CancellationToken)).Result.Items.ToDictionary(
                s => s.Id,
                s => s.Title
            );
            var sectionRows = sections
                .Select(id =>
                    (IEnumerable<Choice>)
                        [
                            new Choice(
                                $"{Shorten(titles.GetValueOrDefault(id) ?? Texts.FaqOtherSection, 50)} "
                                    + $"({entries.Count(e => e.SectionId == id)})",
                                Actions.FaqSection,
                                id.ToString()
                            ),
                        ]
                )
                .Take(10)
                .ToList();
            sectionRows.AddRange(KnowledgeRows);
            await chat.ReplyAsync(Texts.FaqSections, sectionRows);
            return;
        }

        var rows = entries
            .Take(10)
            .Select(e => (IEnumerable<Choice>)[new Choice(Shorten(e.Question, 60), Actions.FaqEntry, e.Id.ToString())])
            .ToList();
        rows.AddRange(KnowledgeRows);
        await chat.ReplyAsync(Texts.FaqTitle, rows);
    }

    /// <summary>The API the knowledge base is read with: the linked user's token, else the bot's own client (read as
    /// the public).</summary>
    private async Task<IMakCrmApiClient> KnowledgeApiAsync(ChatContext chat) =>
        await chat.IsLinkedAsync() ? chat.UserApi()! : Bot;

    /// <summary>
    /// A search snippet as plain text: the API's snippet is HTML-escaped text with its matches in <c>&lt;mark&gt;</c>;
    /// the marks are dropped (the bot sends plain text) and the escapes undone.
    /// </summary>
    internal static string PlainSnippet(string snippet) =>
        WebUtility.HtmlDecode(MarkTags().Replace(snippet, "")).ReplaceLineEndings(" ").Trim();

    private static string Shorten(string text, int length) => text.Length > length ? text[..(length - 1)] + "…" : text;

    private static IEnumerable<IEnumerable<Choice>> KnowledgeRows =>
        [
            [new Choice(Texts.FaqButton, Actions.Faq), new Choice(Texts.SearchButton, Actions.Search)],
            [new Choice(Texts.MenuButton, Actions.Menu)],
        ];

    [GeneratedRegex("</?mark>", RegexOptions.CultureInvariant)]
    private static partial Regex MarkTags();

    private static partial class Steps
    {
        public const string KnowledgeSearch = "kb_search";
    }
}

public static partial class Actions
{
    public const string FaqSection = "faq_section";
    public const string FaqEntry = "faq_entry";
    public const string Search = "search";
    public const string KnowledgeArticle = "article";
}
