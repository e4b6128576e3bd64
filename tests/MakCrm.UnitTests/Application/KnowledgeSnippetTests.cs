using MakCrm.Application.Knowledge;

namespace MakCrm.UnitTests.Application;

public sealed class KnowledgeSnippetTests
{
    [Fact]
    public void Words_beginning_with_a_stem_are_marked_whatever_their_case_and_their_yo()
    {
        KnowledgeSnippet.Build("Бонус Партнёра и партнерам, а не партии.", ["партнер"])
            .Should().Be("Бонус <mark>Партнёра</mark> и <mark>партнерам</mark>, а не партии");
    }

    [Fact]
    public void Markup_is_dropped_and_the_rest_escaped()
    {
        var snippet = KnowledgeSnippet.Build("Сначала <script>alert(1)</script> и <b>жирный</b>, потом справка о доходах & прочее.", ["справк"]);

        snippet.Should().Contain("<mark>справка</mark>").And.Contain("&amp; прочее").And.Contain("alert(1)").And.NotContain("<script").And.NotContain("<b>");
        snippet.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal).Should().NotContain("<");
    }

    [Fact]
    public void Without_a_match_the_snippet_is_the_first_words_and_white_space_is_collapsed()
    {
        var text = string.Join("\n\n", Enumerable.Range(1, 50).Select(i => $"слово{i}"));

        KnowledgeSnippet.Build(text, ["ипотек"]).Should().Be(string.Join(" ", Enumerable.Range(1, KnowledgeSnippet.MaxWords).Select(i => $"слово{i}")));
        KnowledgeSnippet.Build("", ["ипотек"]).Should().BeEmpty();
        KnowledgeSnippet.Build("Ипотека.", []).Should().Be("Ипотека");
    }

    [Fact]
    public void Distant_matches_give_two_passages_in_text_order_the_densest_chosen_first()
    {
        var words = Enumerable.Range(0, 300).Select(i => $"w{i}").ToArray();
        words[20] = "ипотека";
        words[150] = "ипотеку";
        words[155] = "ипотеки";
        words[280] = "ипотекой";

        var snippet = KnowledgeSnippet.Build(string.Join(' ', words), ["ипотек"]);

        var passages = snippet.Split(" … ");
        passages.Should().HaveCount(KnowledgeSnippet.MaxPassages);
        passages[0].Should().StartWith("w17 ").And.Contain("<mark>ипотека</mark>");
        passages[1].Should().StartWith("w147 ").And.Contain("<mark>ипотеку</mark>").And.Contain("<mark>ипотеки</mark>");
        passages.Should().OnlyContain(p => p.Split(' ').Length == KnowledgeSnippet.MaxWords);
        snippet.Should().NotContain("ипотекой");
    }

    [Fact]
    public void A_match_near_the_end_ends_its_passage_on_the_last_word()
    {
        var words = Enumerable.Range(0, 100).Select(i => $"w{i}").Append("кредит").ToArray();

        var snippet = KnowledgeSnippet.Build(string.Join(' ', words) + ".", ["кред"]);

        snippet.Should().EndWith("<mark>кредит</mark>").And.StartWith("w66 ");
    }
}
