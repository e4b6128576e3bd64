using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>The assignee picker and the names of users in responses, through the SDK.</summary>
public sealed class PeopleSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task The_picker_lists_whom_a_lead_may_be_given_to_and_the_lead_names_its_responsible_user()
    {
        var picked = (await Api.ListAssigneesAsync(AssigneeRecordKind.Lead)).Result.Items;
        var admin = picked.Should().ContainSingle(a => a.DisplayName == TestActor.Admin.Email()).Subject;
        admin.Role.Should().Be("admin");

        var client = (await Api.CreateClientAsync(TestData.NewClient())).Result;
        var lead = (await Api.CreateLeadAsync(new CreateLeadRequest { ClientId = client.Id, RequestedAmount = 1_000_000m, Product = LoanProduct.Mortgage, ResponsibleUserId = admin.Id })).Result;
        lead.ResponsibleUser!.Id.Should().Be(admin.Id);
        lead.ResponsibleUser.DisplayName.Should().Be(TestActor.Admin.Email());
        (await Api.ListLeadsAsync()).Result.Items.Single().ResponsibleUser!.DisplayName.Should().Be(TestActor.Admin.Email());

        var problem = await Expect.ProblemAsync(
            () => Api.CreateLeadAsync(new CreateLeadRequest { ClientId = client.Id, RequestedAmount = 1_000_000m, Product = LoanProduct.Mortgage, ResponsibleUserId = Guid.NewGuid() }),
            400,
            "validation_failed");
        problem.Errors.Should().ContainKey("responsibleUserId");
        await Expect.ProblemAsync(() => Api.ListAssigneesAsync(), 400, "validation_failed");
    }
}
