using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>The event feed through the SDK: typed types, typed data, following the cursor.</summary>
public sealed class EventsSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task The_feed_carries_a_lead_as_the_api_answered_it_and_a_deletion_with_its_last_version()
    {
        var client = (await Api.CreateClientAsync(TestData.NewClient("Событиев Семён"))).Result;
        var lead = (await Api.CreateLeadAsync(new CreateLeadRequest { ClientId = client.Id, RequestedAmount = 300_000m, Product = LoanProduct.Consumer })).Result;
        var moved = (await Api.UpdateLeadAsync(lead.Id, $"\"{lead.Version}\"", new UpdateLeadRequest { Status = "in_progress" })).Result;

        var events = await EventsAboutAsync(lead.Id, count: 3);

        events.Select(e => e.TypeName()).Should().Equal(MakEventTypes.LeadCreated, MakEventTypes.LeadUpdated, MakEventTypes.LeadStatusChanged);
        events[2].Type.Should().Be(EventType.Lead_status_changed);
        var carried = events[2].DataAs<Lead>();
        carried.Status.Should().Be("in_progress");
        carried.Version.Should().Be(moved.Version);
        var wrong = () => events[2].DataAs<Client>();
        wrong.Should().Throw<InvalidOperationException>().WithMessage("*carries a Lead*");

        await Api.DeleteLeadAsync(lead.Id, $"\"{moved.Version}\"");
        var deleted = (await EventsAboutAsync(lead.Id, count: 4))[3];
        deleted.TypeName().Should().Be(MakEventTypes.LeadDeleted);
        deleted.DataAs<DeletedResource>().Should().BeEquivalentTo(new { lead.Id, Version = (long)moved.Version + 1 });
        await Expect.ProblemAsync(() => Api.ListEventsAsync(after: "x"), 400, MakProblemCodes.ValidationFailed);
    }

    private async Task<List<Event>> EventsAboutAsync(Guid resourceId, int count)
    {
        for (var waited = 0; ; waited += 50)
        {
            var about = await Api.PaginateAsync((cursor, ct) => Api.ListEventsAsync(after: cursor ?? "0", limit: 200, cancellationToken: ct))
                .Where(e => e.ResourceId == resourceId).ToListAsync();
            if (about.Count >= count || waited > 10_000)
            {
                about.Should().HaveCount(count);
                return about;
            }

            await Task.Delay(50);
        }
    }
}
