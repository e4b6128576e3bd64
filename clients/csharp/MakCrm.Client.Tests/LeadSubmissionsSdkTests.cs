using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>Lead submissions with contact data, and duplicate control, through the SDK (what the bot and platforms use).</summary>
public sealed class LeadSubmissionsSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task A_submission_creates_the_client_and_a_repeat_is_linked_to_the_original()
    {
        var first = await Api.SubmitLeadAsync(Submission("8 (912) 555-01-02", "Bot.User@Example.ru"));

        first.StatusCode.Should().Be(201);
        first.Location.Should().EndWith($"/api/v1/leads/{first.Result.Lead.Id}");
        first.ETag.Should().Be("\"1\"");
        first.Result.ClientCreated.Should().BeTrue();
        first.Result.Duplicate.Should().BeNull();
        first.Result.Lead.DuplicateOf.Should().BeNull();

        var repeat = await Api.SubmitLeadAsync(Submission("+7 912 555 01 02", "bot.user@example.ru"));

        repeat.Result.ClientCreated.Should().BeFalse();
        repeat.Result.Lead.ClientId.Should().Be(first.Result.Lead.ClientId);
        repeat.Result.Lead.DuplicateOf.Should().Be(first.Result.Lead.Id);
        repeat.Result.Duplicate!.Of.Should().Be(first.Result.Lead.Id);
        repeat.Result.Duplicate.MatchedBy.Should().Equal(DuplicateMatchField.Phone, DuplicateMatchField.Email);
        repeat.Result.Duplicate.OriginalVisible.Should().BeTrue();

        var duplicates = await Api.ListLeadsAsync(isDuplicate: true);
        duplicates.Result.Items.Select(l => l.Id).Should().Equal(repeat.Result.Lead.Id);
    }

    [Fact]
    public async Task A_source_that_rejects_duplicates_answers_409_naming_the_existing_lead()
    {
        await Api.CreateClientSourceAsync(new CreateClientSourceRequest { Code = "strict_bot", Name = "Строгий бот", DuplicatePolicy = DuplicatePolicy.Reject });
        var first = await Api.SubmitLeadAsync(Submission("8 912 555-03-04", null, "strict_bot"));

        var problem = await Expect.ProblemAsync(() => Api.SubmitLeadAsync(Submission("89125550304", null, "strict_bot")), 409, "duplicate_lead");

        problem.ExistingLeadId.Should().Be(first.Result.Lead.Id);
        problem.MatchedBy.Should().Equal(DuplicateMatchField.Phone);
    }

    private static CreateLeadSubmissionRequest Submission(string phone, string? email, string source = "external") => new()
    {
        FullName = "Ботов Борис",
        Phone = phone,
        Email = email,
        Source = source,
        RequestedAmount = 800_000m,
        Product = LoanProduct.Consumer,
    };
}
