using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>The knowledge base through the SDK: sections, articles with versions, the FAQ and the Russian search.</summary>
public sealed class KnowledgeSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task An_article_is_written_found_by_word_form_and_typo_and_versioned()
    {
        var section = (await Api.CreateKnowledgeSectionAsync(new CreateKnowledgeSectionRequest { Title = "Кредиты SDK", Position = 1 })).Result;
        var created = await Api.CreateArticleAsync(new CreateArticleRequest
        {
            SectionId = section.Id,
            Title = "Кредит наличными",
            Body = "Нужен **паспорт**. <img src=x onerror=alert(1)>",
            Status = ArticleStatus.Published,
            Tags = ["кредит"],
        });
        created.StatusCode.Should().Be(201);
        created.Result.BodyHtml.Should().Contain("<strong>паспорт</strong>").And.NotContain("<img");

        var hits = (await Api.SearchKnowledgeAsync("кредиты", sectionId: section.Id)).Result.Items;
        hits.Select(h => h.Id).Should().Equal(created.Result.Id);
        hits.First().Kind.Should().Be(KnowledgeHitKind.Article);
        hits.First().Should().BeOfType<KnowledgeArticleHit>();
        (await Api.SearchKnowledgeAsync("крелит", sectionId: section.Id)).Result.Items.Should().ContainSingle(h => h.Id == created.Result.Id && h.Fuzzy);

        var changed = await Api.UpdateArticleAsync(created.Result.Id, created.ETag!, new UpdateArticleRequest { Body = "Нужны паспорт и СНИЛС." });
        changed.Result.Revision.Should().Be(2);
        (await Api.ListArticleVersionsAsync(created.Result.Id)).Result.Items.Select(v => v.Number).Should().Equal(1, 2);
        (await Api.GetArticleVersionAsync(created.Result.Id, 1)).Result.Body.Should().StartWith("Нужен **паспорт**.");

        var faq = (await Api.CreateFaqEntryAsync(new CreateFaqEntryRequest { SectionId = section.Id, Question = "Какие документы нужны?", Answer = "Паспорт." })).Result;
        (await Api.ListFaqEntriesAsync(section.Id)).Result.Items.Select(f => f.Id).Should().Equal(faq.Id);
    }

    [Fact]
    public async Task A_search_that_is_too_long_is_a_400()
    {
        await Expect.ProblemAsync(() => Api.SearchKnowledgeAsync(new string('к', 201)), 400, "validation_failed");
    }
}
