using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>The audit log through the SDK.</summary>
public sealed class AuditSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task An_admin_reads_who_created_and_changed_a_client()
    {
        var created = await Api.CreateClientAsync(TestData.NewClient("Журналов Юрий"));
        await Api.UpdateClientAsync(created.Result.Id, created.ETag!, new UpdateClientRequest { City = "Тула" });

        var page = await Api.ListAuditEventsAsync(
            kind: "data",
            entityId: created.Result.Id,
            sort: AuditEventSort.OccurredAt
        );

        page.Result.Items.Select(e => e.Action).Should().Equal("client.created", "client.updated");
        page.Result.Items.Should().OnlyContain(e => e.ActorUserId != null && e.EntityType == "client");
        var update = page.Result.Items.Last();
        update.Changes.Should().NotBeNull();
        update.Changes!.ToString().Should().Contain("Тула");
    }

    [Fact]
    public async Task Only_the_audit_permission_reads_the_log()
    {
        using var http = await Server.CreateHttpClientAsync(TestActor.Employee);
        var employee = new MakCrmApiClient(http);

        var refused = await Assert.ThrowsAsync<MakCrmApiException<Problem>>(() => employee.ListAuditEventsAsync());

        refused.StatusCode.Should().Be(403);
        refused.Result.Code.Should().Be("forbidden");
    }

    [Fact]
    public async Task An_admin_reads_who_opened_a_clients_card()
    {
        var created = await Api.CreateClientAsync(TestData.NewClient("Карточкин Олег"));
        await Api.GetClientAsync(created.Result.Id);

        var page = await Api.ListPersonalDataReadsAsync(
            subjectId: created.Result.Id,
            sort: PersonalDataReadSort.OccurredAtDescending
        );

        page.Result.Items.Should().ContainSingle();
        var read = page.Result.Items.Single();
        (read.SubjectType, read.Access, read.ActorUserId is not null).Should().Be(("client", "card", true));
    }
}
