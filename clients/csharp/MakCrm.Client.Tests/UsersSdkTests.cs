using MakCrm.Domain.Access;
using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>Who am I, users and sessions, through the SDK.</summary>
public sealed class UsersSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task A_user_reads_and_edits_itself_and_ends_its_other_sessions()
    {
        var email = $"sdk-{Guid.NewGuid():N}@users.test";
        await Server.CreateUserAsync(email, Roles.Partner, TestActors.PartnerAlphaOrganization);
        await Server.PasswordGrantAsync(email, TestActors.Password); // another session
        using var http = Server.CreateHttpClient(
            (await Server.PasswordGrantAsync(email, TestActors.Password)).GetProperty("access_token").GetString()
        );
        var api = new MakCrmApiClient(http);

        var me = await api.GetMeAsync();
        me.Result.User.Email.Should().Be(email);
        me.Result.User.Status.Should().Be(UserStatus.Active);
        me.Result.Organization.Id.Should().Be(TestActors.PartnerAlphaOrganization);
        me.Result.Organization.IsOwner.Should().BeFalse();
        me.Result.Permissions.Should().Contain("users.read.own");

        var updated = await api.UpdateMeAsync(
            new UpdateMeRequest { FullName = "Сдкова Анна", Phone = "8 (999) 123-45-67" }
        );
        updated.Result.FullName.Should().Be("Сдкова Анна");
        updated.Result.Phone.Should().Be("+79991234567");
        var cleared = await api.UpdateMeAsync(new UpdateMeRequest { ClearPhone = true });
        cleared.Result.Phone.Should().BeNull();
        cleared.Result.FullName.Should().Be("Сдкова Анна");

        var sessions = await api.ListMySessionsAsync();
        sessions.Result.Items.Should().HaveCount(2);
        sessions.Result.Items.Should().ContainSingle(s => s.Current);

        var revoked = await api.RevokeMyOtherSessionsAsync();
        revoked.Result.Revoked.Should().Be(1);
        (await api.ListMySessionsAsync()).Result.Items.Should().ContainSingle();

        var current = (await api.ListMySessionsAsync()).Result.Items.Single().Id;
        var unknown = await Assert.ThrowsAsync<MakCrmApiException<Problem>>(() =>
            api.RevokeMySessionAsync(Guid.NewGuid())
        );
        unknown.StatusCode.Should().Be(404);
        (await api.RevokeMySessionAsync(current)).StatusCode.Should().Be(204);
    }

    [Fact]
    public async Task Head_office_lists_reads_and_manages_a_user()
    {
        var email = $"sdk-{Guid.NewGuid():N}@users.test";
        var user = await Server.CreateUserAsync(email, Roles.Partner, TestActors.PartnerAlphaOrganization);

        var page = await Api.ListUsersAsync(
            q: email,
            organizationId: TestActors.PartnerAlphaOrganization,
            role: "partner",
            status: UserStatus.Active,
            sort: UserSort.CreatedAtDescending,
            limit: 10
        );
        page.Result.Items.Select(u => u.Id).Should().Equal(user.Id);
        (await Api.GetUserAsync(user.Id)).Result.Email.Should().Be(email);

        (await Api.ChangeUserRoleAsync(user.Id, new UserRoleRequest { Role = "guest" }))
            .Result.Role.Should()
            .Be("guest");
        var refused = await Assert.ThrowsAsync<MakCrmApiException<Problem>>(() =>
            Api.ChangeUserRoleAsync(user.Id, new UserRoleRequest { Role = "admin" })
        );
        refused.Result.Code.Should().Be("role_not_allowed");

        (await Api.DeactivateUserAsync(user.Id)).Result.Status.Should().Be(UserStatus.Deactivated);
        (await Api.ReactivateUserAsync(user.Id)).Result.Status.Should().Be(UserStatus.Active);
        (await Api.ResetUserTwoFactorAsync(user.Id)).Result.TwoFactorEnabled.Should().BeFalse();
    }
}
