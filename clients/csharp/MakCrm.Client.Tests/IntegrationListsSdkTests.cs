using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>What an integration reads through the SDK: catching up by <c>updatedFrom</c>, and the duplicate check.</summary>
public sealed class IntegrationListsSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task A_catch_up_returns_what_changed_since_with_its_version_and_client()
    {
        var client = (await Api.CreateClientAsync(TestData.NewClient("Сидоров Сидор"))).Result;
        var lead = (await Api.CreateLeadAsync(new CreateLeadRequest { ClientId = client.Id, RequestedAmount = 400_000m, Product = LoanProduct.Consumer })).Result;
        await Api.CreateLeadAsync(new CreateLeadRequest { ClientId = client.Id, RequestedAmount = 500_000m, Product = LoanProduct.Auto });
        var since = DateTimeOffset.UtcNow;
        await Task.Delay(20);

        var changed = await Api.UpdateLeadAsync(lead.Id, $"\"{lead.Version}\"", new UpdateLeadRequest { Comment = "Перезвонить" });

        var page = await Api.ListLeadsAsync(sort: LeadSort.UpdatedAt, updatedFrom: since, limit: 10);
        page.Result.Items.Select(l => l.Id).Should().Equal(lead.Id);
        var row = page.Result.Items.Single();
        $"\"{row.Version}\"".Should().Be(changed.ETag);
        row.Client.Should().BeEquivalentTo(new { client.Id, Name = client.FullName, client.Phone });
    }

    [Fact]
    public async Task A_duplicate_check_names_the_open_lead_with_the_phone()
    {
        var phone = TestData.NextPhone();
        var client = (await Api.CreateClientAsync(TestData.NewClient(phone: phone))).Result;
        var lead = (await Api.CreateLeadAsync(new CreateLeadRequest { ClientId = client.Id, RequestedAmount = 400_000m, Product = LoanProduct.Consumer })).Result;

        var found = await Api.CheckDuplicatesAsync(new DuplicateCheckRequest { Phone = phone });

        found.StatusCode.Should().Be(200);
        found.Result.Exists.Should().BeTrue();
        found.Result.Elsewhere.Should().BeFalse();
        found.Result.Leads.Select(l => l.Id).Should().Equal(lead.Id);
        found.Result.Leads.Single().MatchedBy.Should().Equal(DuplicateMatchField.Phone);

        var none = await Api.CheckDuplicatesAsync(new DuplicateCheckRequest { Phone = TestData.NextPhone() });
        none.Result.Exists.Should().BeFalse();
        await Expect.ProblemAsync(() => Api.CheckDuplicatesAsync(new DuplicateCheckRequest()), 400, "validation_failed");
    }
}
