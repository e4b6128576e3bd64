using MakCrm.Domain.Access;
using MakCrm.Infrastructure.Identity;
using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>
/// Invitations, the forgotten-password reset and the password change through the SDK. The one-time tokens come from
/// the mails the server sends to the fixture's SMTP listener (<see cref="ApiServerFixture.Mail"/>).
/// </summary>
public sealed class InvitationsAndPasswordsSdkTests(ApiServerFixture server) : SdkTest(server)
{
    private const string ColleaguePassword = "Colleague-Password-2026";
    private const string Renewed = "Renewed-Password-2026";
    private static readonly Guid Alpha = TestActors.PartnerAlphaOrganization;

    [Fact]
    public async Task Head_office_invites_a_colleague_into_a_partner_who_accepts_from_the_mail_and_signs_in()
    {
        var email = NewEmail();

        var invited = await Api.CreateInvitationAsync(
            new CreateInvitationRequest
            {
                Email = email,
                FullName = "Приглашённая  Анна",
                Role = Roles.Partner,
                OrganizationId = Alpha,
            }
        );

        invited.StatusCode.Should().Be(201);
        invited.Result.Status.Should().Be(InvitationStatus.Pending);
        invited.Result.OrganizationId.Should().Be(Alpha);
        invited.Result.FullName.Should().Be("Приглашённая Анна");
        invited.Result.Role.Should().Be(Roles.Partner);
        invited.Result.ExpiresAt.Should().BeAfter(DateTimeOffset.UtcNow);
        var mail = await Server.Mail.NextMailToAsync(email);
        mail.Text.Should().Contain("/invitations/accept?token=" + mail.Token);

        var accepted = await Anonymous()
            .AcceptInvitationAsync(new AcceptInvitationRequest { Token = mail.Token, Password = ColleaguePassword });

        accepted.StatusCode.Should().Be(201);
        accepted.Result.Email.Should().Be(email);
        accepted.Result.OrganizationId.Should().Be(Alpha);

        // The new colleague signs in with the password it chose, through the SDK's token handler.
        var me = (await SignedIn(email, ColleaguePassword).GetMeAsync()).Result;
        me.User.Id.Should().Be(accepted.Result.UserId);
        me.User.Role.Should().Be(Roles.Partner);
        me.Organization.Id.Should().Be(Alpha);
        me.Organization.IsOwner.Should().BeFalse();

        // The link works once, and the list shows the invitation accepted by that user.
        await Expect.ProblemAsync(
            () =>
                Anonymous()
                    .AcceptInvitationAsync(
                        new AcceptInvitationRequest { Token = mail.Token, Password = "Another-Password-2026" }
                    ),
            400,
            "invalid_token"
        );
        var acceptedOnes = await Api.ListInvitationsAsync(
            organizationId: Alpha,
            status: InvitationStatus.Accepted,
            limit: 50
        );
        var listed = acceptedOnes.Result.Items.Should().ContainSingle(i => i.Id == invited.Result.Id).Which;
        listed.AcceptedUserId.Should().Be(accepted.Result.UserId);
        listed.AcceptedAt.Should().NotBeNull();
    }

    [Fact]
    public async Task An_owner_lists_resends_and_revokes_and_a_head_office_role_is_not_allowed()
    {
        var owner = new MakCrmApiClient(Track(await Server.CreateHttpClientAsync(TestActor.PartnerAlpha)));
        var email = NewEmail();
        var invited = (
            await owner.CreateInvitationAsync(
                new CreateInvitationRequest
                {
                    Email = email,
                    FullName = "Гостев Глеб",
                    Role = Roles.Guest,
                }
            )
        ).Result;
        invited.OrganizationId.Should().Be(Alpha, "an owner's invitation goes into its own organization");
        var first = await Server.Mail.NextMailToAsync(email);

        var pending = await owner.ListInvitationsAsync(
            status: InvitationStatus.Pending,
            sort: InvitationSort.CreatedAtDescending,
            limit: 10
        );
        pending
            .Result.Items.Should()
            .Contain(i => i.Id == invited.Id && i.Email == email && i.Status == InvitationStatus.Pending);

        var resent = await owner.ResendInvitationAsync(invited.Id);
        resent.Result.Status.Should().Be(InvitationStatus.Pending);
        var second = await Server.Mail.NextMailToAsync(email);
        second.Token.Should().NotBe(first.Token, "a resend replaces the link");
        await Expect.ProblemAsync(
            () =>
                Anonymous()
                    .AcceptInvitationAsync(
                        new AcceptInvitationRequest { Token = first.Token, Password = ColleaguePassword }
                    ),
            400,
            "invalid_token"
        );

        var revoked = await owner.RevokeInvitationAsync(invited.Id);
        revoked.Result.Status.Should().Be(InvitationStatus.Revoked);
        await Expect.ProblemAsync(
            () =>
                Anonymous()
                    .AcceptInvitationAsync(
                        new AcceptInvitationRequest { Token = second.Token, Password = ColleaguePassword }
                    ),
            400,
            "invalid_token"
        );
        await Expect.ProblemAsync(() => owner.ResendInvitationAsync(invited.Id), 409, "invitation_not_pending");
        (await owner.ListInvitationsAsync(status: InvitationStatus.Revoked))
            .Result.Items.Select(i => i.Id)
            .Should()
            .Contain(invited.Id);

        await Expect.ProblemAsync(
            () =>
                owner.CreateInvitationAsync(
                    new CreateInvitationRequest
                    {
                        Email = NewEmail(),
                        FullName = "Админов",
                        Role = Roles.Admin,
                    }
                ),
            400,
            "role_not_allowed"
        );
        await Expect.ProblemAsync(
            () =>
                Api.CreateInvitationAsync(
                    new CreateInvitationRequest
                    {
                        Email = NewEmail(),
                        FullName = "Франчайзин",
                        Role = Roles.Franchisee,
                        OrganizationId = Alpha,
                    }
                ),
            400,
            "role_not_allowed"
        );
    }

    [Fact]
    public async Task A_forgotten_password_is_reset_from_the_mail_and_the_new_one_signs_in()
    {
        var email = NewEmail();
        await Server.CreateUserAsync(email, Roles.Partner, Alpha);
        var anonymous = Anonymous();

        (await anonymous.RequestPasswordResetAsync(new PasswordResetRequest { Email = email }))
            .StatusCode.Should()
            .Be(202);
        var mail = await Server.Mail.NextMailToAsync(email);
        mail.Text.Should().Contain("/password-reset?token=" + mail.Token);

        (
            await anonymous.CompletePasswordResetAsync(
                new CompletePasswordResetRequest { Token = mail.Token, NewPassword = Renewed }
            )
        )
            .StatusCode.Should()
            .Be(204);

        (await SignedIn(email, Renewed).GetMeAsync()).Result.User.Email.Should().Be(email);
        var oldPassword = await FluentActions
            .Awaiting(() => SignedIn(email, TestActors.Password).GetMeAsync())
            .Should()
            .ThrowAsync<MakCrmAuthenticationException>();
        oldPassword.Which.Error.Should().Be("invalid_grant");
        await Expect.ProblemAsync(
            () =>
                anonymous.CompletePasswordResetAsync(
                    new CompletePasswordResetRequest { Token = mail.Token, NewPassword = "Another-Password-2026" }
                ),
            400,
            "invalid_token"
        );
    }

    [Fact]
    public async Task A_user_changes_its_password_and_a_wrong_current_password_is_a_typed_problem()
    {
        var email = NewEmail();
        await Server.CreateUserAsync(email, Roles.Partner, Alpha);
        var me = SignedIn(email, TestActors.Password);

        await Expect.ProblemAsync(
            () =>
                me.ChangePasswordAsync(
                    new ChangePasswordRequest { CurrentPassword = "Wrong-Password-2026", NewPassword = Renewed }
                ),
            400,
            "invalid_current_password"
        );

        (
            await me.ChangePasswordAsync(
                new ChangePasswordRequest { CurrentPassword = TestActors.Password, NewPassword = Renewed }
            )
        )
            .StatusCode.Should()
            .Be(204);

        (await me.GetMeAsync())
            .Result.User.Email.Should()
            .Be(email, "the session that changed the password stays signed in");
        (await SignedIn(email, Renewed).GetMeAsync()).Result.User.Email.Should().Be(email);
    }

    private static string NewEmail() => $"sdk-invitee-{Guid.NewGuid():N}@colleague.example";

    /// <summary>A client whose <see cref="MakCrmTokenHandler"/> signs in with the password grant on its first request.</summary>
    private MakCrmApiClient SignedIn(string email, string password)
    {
        var handler = new MakCrmTokenHandler(
            Server.BaseAddress,
            MakCrmCredentials.Password(FirstPartyClients.Cabinet, email, password)
        )
        {
            InnerHandler = new SocketsHttpHandler(),
        };
        return new MakCrmApiClient(Track(new HttpClient(handler) { BaseAddress = Server.BaseAddress }));
    }
}
