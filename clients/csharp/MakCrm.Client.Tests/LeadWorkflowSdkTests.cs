using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>Lead statuses, status transitions, comments and the timeline through the SDK, against the real API.</summary>
public sealed class LeadWorkflowSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task The_admin_configures_statuses_and_a_refused_transition_names_the_allowed_ones()
    {
        var statuses = await Api.ListLeadStatusesAsync();
        statuses.Result.Items.Select(s => s.Code).Should().StartWith(["new", "from_partner", "auction"]);

        var created = await Api.CreateLeadStatusAsync(new CreateLeadStatusRequest
        {
            Code = "documents", Name = "Запрошены документы", Color = "#00897B", Kind = LeadStatusKind.Open, Order = 2, Transitions = ["rejected"],
        });
        created.StatusCode.Should().Be(201);
        created.Result.Should().BeEquivalentTo(new { Code = "documents", Order = 2, Kind = LeadStatusKind.Open, Version = 1 });
        var edited = await Api.UpdateLeadStatusAsync("new", new UpdateLeadStatusRequest { Transitions = ["documents", "rejected"] });
        edited.Result.Transitions.Should().Equal("documents", "rejected");

        var borrower = await Api.CreateClientAsync(TestData.NewClient("Статусов Степан"));
        var lead = await Api.CreateLeadAsync(new CreateLeadRequest { ClientId = borrower.Result.Id, RequestedAmount = 100_000m, Product = LoanProduct.Consumer });
        var refused = await Expect.ProblemAsync(
            () => Api.UpdateLeadAsync(lead.Result.Id, lead.ETag!, new UpdateLeadRequest { Status = "in_progress" }), 409, "lead_status_transition_not_allowed");
        refused.CurrentStatus.Should().Be("new");
        refused.RequestedStatus.Should().Be("in_progress");
        refused.AllowedStatuses.Should().Equal("documents", "rejected");
        (await Api.UpdateLeadAsync(lead.Result.Id, lead.ETag!, new UpdateLeadRequest { Status = "documents" })).Result.Status.Should().Be("documents");

        await Expect.ProblemAsync(() => Api.DeleteLeadStatusAsync("documents", null), 409, "lead_status_in_use");
        await Expect.ProblemAsync(
            () => Api.CreateLeadStatusAsync(new CreateLeadStatusRequest { Code = "x", Name = "x", Color = "red", Kind = LeadStatusKind.Lost }), 400, "validation_failed");
        (await Api.DeleteLeadStatusAsync("not_sold", null)).StatusCode.Should().Be(204);
    }

    [Fact]
    public async Task Comments_and_history_make_up_the_timeline_newest_first()
    {
        var borrower = await Api.CreateClientAsync(TestData.NewClient("Лентов Лев"));
        var lead = await Api.CreateLeadAsync(new CreateLeadRequest { ClientId = borrower.Result.Id, RequestedAmount = 200_000m, Product = LoanProduct.Auto });
        var comment = await Api.AddLeadCommentAsync(lead.Result.Id, new CreateLeadCommentRequest { Text = "Ждём справку" });
        comment.StatusCode.Should().Be(201);
        comment.Result.Author.UserId.Should().NotBeNull();
        await Api.UpdateLeadAsync(lead.Result.Id, lead.ETag!, new UpdateLeadRequest { Status = "in_progress" });

        var comments = await Api.ListLeadCommentsAsync(lead.Result.Id);
        comments.Result.Items.Select(c => c.Text).Should().Equal("Ждём справку");

        var first = await Api.GetLeadTimelineAsync(lead.Result.Id, limit: 2);
        first.Result.Items.Select(i => i.Kind).Should().Equal(TimelineItemKind.History, TimelineItemKind.Comment);
        // Each kind is its own class, whose payload is not nullable: a pattern match narrows.
        first.Result.Items.First().Should().BeOfType<TimelineHistoryItem>()
            .Which.Change.Should().BeEquivalentTo(new { Field = "status", From = "new", To = "in_progress" });
        (first.Result.Items.ElementAt(1) is TimelineCommentItem { Text: "Ждём справку" }).Should().BeTrue();
        var rest = await Api.GetLeadTimelineAsync(lead.Result.Id, cursor: first.Result.NextCursor);
        // The rest: the lead's creation, and the notice that nobody is responsible for it.
        rest.Result.Items.Should().OnlyContain(i => i is TimelineHistoryItem || i is TimelineNotificationItem);
        rest.Result.Items.OfType<TimelineHistoryItem>().Should().NotBeEmpty()
            .And.OnlyContain(i => i.Change.From == null);
        rest.Result.NextCursor.Should().BeNull();

        await Expect.ProblemAsync(() => Api.GetLeadTimelineAsync(Guid.CreateVersion7()), 404, "not_found");
    }
}
