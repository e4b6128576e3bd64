using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using MakCrm.Application.Common;
using MakCrm.Domain.Access;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Security;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.Client.Tests;

/// <summary>
/// Authentication through the SDK against the real server: <see cref="MakCrmTokenHandler"/> with the password and
/// client-credentials grants, refresh and rotation, scopes, organization isolation, and the generated Authorization
/// operations (token, revoke, metadata, JWKS).
/// </summary>
public sealed class AuthenticationSdkTests(ApiServerFixture server) : SdkTest(server)
{
    private const string Secret = "s3cret: with+plus & space";
    private static readonly Guid Alpha = TestActors.PartnerAlphaOrganization;

    [Fact]
    public async Task Without_a_valid_token_every_operation_is_401_unauthorized_with_a_Bearer_challenge()
    {
        using var noToken = Server.CreateHttpClient();
        using var badToken = Server.CreateHttpClient("not-a-token");
        var id = Guid.NewGuid();

        foreach (var (api, challenge) in new[] { (new MakCrmApiClient(noToken), "Bearer"), (new MakCrmApiClient(badToken), "Bearer error=\"invalid_token\"") })
        {
            Func<Task>[] calls =
            [
                () => api.ListClientsAsync(),
                () => api.CreateClientAsync(TestData.NewClient()),
                () => api.GetClientAsync(id),
                () => api.UpdateClientAsync(id, "*", new UpdateClientRequest { City = "Тверь" }),
                () => api.DeleteClientAsync(id),
                () => api.ListLeadsAsync(),
                () => api.CreateLeadAsync(new CreateLeadRequest { ClientId = id, RequestedAmount = 1000m, Product = LoanProduct.Auto }),
                () => api.GetLeadAsync(id),
                () => api.UpdateLeadAsync(id, "*", new UpdateLeadRequest { Comment = "x" }),
                () => api.DeleteLeadAsync(id),
                () => api.ListAuditEventsAsync(),
                () => api.ListRolesAsync(),
                () => api.SetRolePermissionsAsync(Roles.Guest, new SetRolePermissionsRequest { Permissions = [] }), // its default: harmless if let through
                () => api.ListApiClientsAsync(),
                () => api.RegisterApiClientAsync(new RegisterApiClientRequest { Name = "Без токена", OrganizationId = Alpha, Scopes = [Permissions.LeadsWrite] }),
                () => api.DisableApiClientAsync("mak-cabinet"),
                () => api.EnableApiClientAsync("mak-cabinet"),
                () => api.RotateApiClientSecretAsync("mak-cabinet"),
                () => api.EnrolTwoFactorAsync(),
                () => api.ConfirmTwoFactorAsync(new TwoFactorCodeRequest { Code = "123456" }),
                () => api.DisableTwoFactorAsync(new TwoFactorCodeRequest { Code = "123456" }),
                () => api.RegenerateRecoveryCodesAsync(new TwoFactorCodeRequest { Code = "123456" }),
            ];
            foreach (var call in calls)
            {
                var exception = await Expect.ProblemExceptionAsync(call, 401, "unauthorized");
                exception.Headers.Should().ContainKey("WWW-Authenticate")
                    .WhoseValue.Should().ContainSingle().Which.Should().StartWith(challenge);
            }
        }

        (await Api.ListClientsAsync()).Result.Items.Should().BeEmpty("a refused create creates nothing");
        (await Api.ListApiClientsAsync()).Result.Items.Should().NotContain(c => c.Name == "Без токена");
    }

    [Fact]
    public async Task A_step_up_challenge_is_handed_to_the_caller_without_a_useless_refresh()
    {
        var email = $"sdk-admin-{Guid.NewGuid():N}@test.mak";
        await Server.CreateUserAsync(email, MakCrm.Domain.Access.Roles.Admin, MakCrm.Domain.Organizations.Organization.HeadOfficeId);
        var sdk = Connect(MakCrmCredentials.Password(FirstPartyClients.Cabinet, email, TestActors.Password));

        var roles = await sdk.Api.ListRolesAsync();
        var refused = await FluentActions.Awaiting(() => sdk.Api.SetRolePermissionsAsync("guest", new SetRolePermissionsRequest { Permissions = roles.Result.Roles.Single(r => r.Name == "guest").Permissions }))
            .Should().ThrowAsync<MakCrmApiException>();

        refused.Which.StatusCode.Should().Be(401);
        refused.Which.Problem!.Code.Should().Be("step_up_required");
        sdk.Tokens.Grants.Select(g => g.GrantType).Should().Equal(["password"], "a refresh keeps the sign-in's time, so it cannot satisfy step-up");
        sdk.Requests.Exchanges.Select(e => e.Status).Should().Equal(HttpStatusCode.OK, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_password_handler_signs_in_once_with_a_two_factor_code_and_every_operation_works()
    {
        // The test admin has two-factor authentication on: the handler asks the app for a code (oathtool here).
        var sdk = Connect(PasswordOf(TestActor.Admin), twoFactorCode: _ => ValueTask.FromResult(Oathtool.Totp(Server.AdminTotpSecret)));

        var client = await sdk.Api.CreateClientAsync(TestData.NewClient("Токенов Тимофей"));
        var read = await sdk.Api.GetClientAsync(client.Result.Id);
        var changed = await sdk.Api.UpdateClientAsync(client.Result.Id, read.ETag!, new UpdateClientRequest { City = "Пермь" });
        var clients = await sdk.Api.ListClientsAsync();
        var lead = await sdk.Api.CreateLeadAsync(new CreateLeadRequest { ClientId = client.Result.Id, RequestedAmount = 400_000m, Product = LoanProduct.Consumer });
        var readLead = await sdk.Api.GetLeadAsync(lead.Result.Id);
        var changedLead = await sdk.Api.UpdateLeadAsync(lead.Result.Id, readLead.ETag!, new UpdateLeadRequest { Status = "in_progress" });
        var leads = await sdk.Api.ListLeadsAsync();
        var deletedLead = await sdk.Api.DeleteLeadAsync(lead.Result.Id, changedLead.ETag);
        var deletedClient = await sdk.Api.DeleteClientAsync(client.Result.Id, changed.ETag);

        client.Result.OrganizationId.Should().Be(MakCrm.Domain.Organizations.Organization.HeadOfficeId);
        changed.Result.City.Should().Be("Пермь");
        clients.Result.Items.Select(c => c.Id).Should().Equal(client.Result.Id);
        lead.Result.OrganizationId.Should().Be(MakCrm.Domain.Organizations.Organization.HeadOfficeId);
        changedLead.Result.Status.Should().Be("in_progress");
        leads.Result.Items.Select(l => l.Id).Should().Equal(lead.Result.Id);
        deletedLead.StatusCode.Should().Be(204);
        deletedClient.StatusCode.Should().Be(204);

        sdk.Tokens.Grants.Should().HaveCount(2, "one sign-in (password, then code) serves every request while the token is fresh");
        var password = sdk.Tokens.Grants[0];
        password.Status.Should().Be(400);
        password.Form.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = FirstPartyClients.Cabinet,
            ["username"] = TestActor.Admin.Email(),
            ["password"] = TestActors.Password,
        });
        password.Answer!.String("error").Should().Be("mfa_required");
        var signIn = sdk.Tokens.Grants[1];
        signIn.Status.Should().Be(200);
        signIn.Form["grant_type"].Should().Be("urn:mak:params:oauth:grant-type:mfa-otp");
        signIn.Form["mfa_token"].Should().Be(password.Answer!.String("mfa_token"));
        signIn.Authorization.Should().BeNull("a public client has no secret to authenticate with");
        signIn.Answer!.String("token_type").Should().Be("Bearer");
        ((int)signIn.Answer!["expires_in"]!).Should().Be(900);
        signIn.IssuedRefreshToken.Should().NotBeNullOrEmpty();
        sdk.Requests.Exchanges.Should().HaveCount(10).And.OnlyContain(e => e.BearerToken == signIn.IssuedAccessToken && e.Status < HttpStatusCode.BadRequest);

        var claims = Jwts.Claims(signIn.IssuedAccessToken!);
        claims.String("client_id").Should().Be(FirstPartyClients.Cabinet);
        claims.String("org").Should().Be(MakCrm.Domain.Organizations.Organization.HeadOfficeId.ToString());
    }

    [Fact]
    public async Task Concurrent_requests_share_one_token_request()
    {
        var sdk = Connect(PasswordOf(TestActor.Employee));

        var pages = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => sdk.Api.ListLeadsAsync()));

        pages.Should().OnlyContain(page => page.StatusCode == 200);
        var signIn = sdk.Tokens.Grants.Should().ContainSingle().Subject;
        sdk.Requests.Exchanges.Should().HaveCount(16).And.OnlyContain(e => e.BearerToken == signIn.IssuedAccessToken);
    }

    [Fact]
    public async Task Near_expiry_the_handler_refreshes_and_rotates_the_refresh_token_and_signs_in_again_when_it_is_refused()
    {
        var clock = new ManualClock();
        var sdk = Connect(PasswordOf(TestActor.Employee), clock: clock);

        await sdk.Api.ListClientsAsync();
        clock.Advance(TimeSpan.FromMinutes(13));
        await sdk.Api.ListClientsAsync();
        sdk.Tokens.Grants.Should().ContainSingle("a token with two minutes left is still used");

        clock.Advance(TimeSpan.FromMinutes(1)); // 60 seconds before the 15 minutes are up
        await sdk.Api.ListClientsAsync();

        var grants = sdk.Tokens.Grants;
        grants.Select(g => (g.GrantType, g.Status)).Should().Equal(("password", 200), ("refresh_token", 200));
        var (signIn, refresh) = (grants[0], grants[1]);
        refresh.Form["client_id"].Should().Be(FirstPartyClients.Cabinet);
        refresh.Form["refresh_token"].Should().Be(signIn.IssuedRefreshToken);
        refresh.IssuedRefreshToken.Should().NotBeNullOrEmpty().And.NotBe(signIn.IssuedRefreshToken, "every refresh returns a new refresh token");
        refresh.IssuedAccessToken.Should().NotBe(signIn.IssuedAccessToken);
        sdk.Requests.Exchanges.Select(e => e.BearerToken).Should().Equal(signIn.IssuedAccessToken, signIn.IssuedAccessToken, refresh.IssuedAccessToken);

        // The first refresh token is spent: presenting it again is refused and ends the whole sign-in...
        var reuse = await FluentActions.Awaiting(() => Anonymous().RequestTokenAsync(new TokenRequest
        {
            Grant_type = "refresh_token",
            Client_id = FirstPartyClients.Cabinet,
            Refresh_token = signIn.IssuedRefreshToken,
        })).Should().ThrowAsync<MakCrmApiException<TokenError>>();
        reuse.Which.StatusCode.Should().Be(400);
        reuse.Which.Result.Error.Should().Be("invalid_grant");

        // ...so the handler's current refresh token is refused at the next renewal, and it signs in again.
        clock.Advance(TimeSpan.FromMinutes(14));
        (await sdk.Api.ListClientsAsync()).StatusCode.Should().Be(200);

        grants = sdk.Tokens.Grants;
        grants.Select(g => (g.GrantType, g.Status)).Should().Equal(("password", 200), ("refresh_token", 200), ("refresh_token", 400), ("password", 200));
        grants[2].Form["refresh_token"].Should().Be(refresh.IssuedRefreshToken);
        grants[2].Answer!.String("error").Should().Be("invalid_grant");
        sdk.Requests.Exchanges[^1].BearerToken.Should().Be(grants[3].IssuedAccessToken);
    }

    [Fact]
    public async Task A_401_gets_one_new_token_and_the_request_with_its_body_is_sent_again()
    {
        var sdk = Connect(PasswordOf(TestActor.Employee), spoil: n => n == 1);

        var created = await sdk.Api.CreateClientAsync(TestData.NewClient("Повторов Пётр"));

        created.StatusCode.Should().Be(201);
        sdk.Requests.Exchanges.Select(e => (e.Method, e.Status)).Should().Equal((HttpMethod.Post, HttpStatusCode.Unauthorized), (HttpMethod.Post, HttpStatusCode.Created));
        var grants = sdk.Tokens.Grants;
        grants.Select(g => (g.GrantType, g.Status)).Should().Equal(("password", 200), ("refresh_token", 200));
        sdk.Requests.Exchanges[1].BearerToken.Should().Be(grants[1].IssuedAccessToken);
        (await Api.ListClientsAsync()).Result.Items.Should().ContainSingle().Which.FullName.Should().Be("Повторов Пётр");
    }

    [Fact]
    public async Task A_second_401_is_returned_to_the_caller()
    {
        var sdk = Connect(PasswordOf(TestActor.Employee), spoil: _ => true);

        await Expect.ProblemAsync(() => sdk.Api.GetClientAsync(Guid.NewGuid()), 401, "unauthorized");

        sdk.Requests.Exchanges.Should().HaveCount(2).And.OnlyContain(e => e.Status == HttpStatusCode.Unauthorized);
        sdk.Tokens.Grants.Select(g => g.GrantType).Should().Equal("password", "refresh_token");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Client_credentials_act_for_the_client_organization_within_its_scopes(bool secretInBody)
    {
        var clientId = await RegisterApiClientAsync(Alpha, Permissions.ClientsReadOwn, Permissions.ClientsWrite, Permissions.LeadsReadOwn, Permissions.LeadsWrite);
        var sdk = Connect(MakCrmCredentials.ClientCredentials(clientId, Secret), secretInBody: secretInBody);

        var client = await sdk.Api.CreateClientAsync(TestData.NewClient("Платформенный Клиент"));
        var lead = await sdk.Api.CreateLeadAsync(new CreateLeadRequest { ClientId = client.Result.Id, RequestedAmount = 90_000m, Product = LoanProduct.Auto });

        client.Result.OrganizationId.Should().Be(Alpha);
        lead.Result.OrganizationId.Should().Be(Alpha);
        (await sdk.Api.ListLeadsAsync()).Result.Items.Select(l => l.Id).Should().Equal(lead.Result.Id);
        await Expect.ProblemAsync(() => sdk.Api.DeleteLeadAsync(lead.Result.Id), 403, "forbidden");
        await Expect.ProblemAsync(() => sdk.Api.DeleteClientAsync(client.Result.Id), 403, "forbidden");

        var grant = sdk.Tokens.Grants.Should().ContainSingle().Subject;
        grant.Status.Should().Be(200);
        grant.GrantType.Should().Be("client_credentials");
        grant.Form.Should().NotContainKey("scope", "without scopes the client gets all of its own");
        grant.Answer!.String("scope")!.Split(' ').Should().BeEquivalentTo(Permissions.ClientsReadOwn, Permissions.ClientsWrite, Permissions.LeadsReadOwn, Permissions.LeadsWrite);
        grant.Answer.Should().ContainKey("refresh_token").WhoseValue.Should().BeNull("client credentials get no refresh token");
        if (secretInBody)
        {
            grant.Authorization.Should().BeNull();
            grant.Form["client_id"].Should().Be(clientId);
            grant.Form["client_secret"].Should().Be(Secret);
        }
        else
        {
            grant.Form.Should().NotContainKeys("client_id", "client_secret");
            grant.Authorization.Should().StartWith("Basic ");
            Encoding.UTF8.GetString(Convert.FromBase64String(grant.Authorization!["Basic ".Length..]))
                .Should().Be($"{clientId}:{Uri.EscapeDataString(Secret)}", "RFC 6749 2.3.1 form-encodes both parts");
        }

        var claims = Jwts.Claims(grant.IssuedAccessToken!);
        claims.String("sub").Should().Be(clientId);
        claims.String("org").Should().Be(Alpha.ToString());
    }

    [Fact]
    public async Task A_client_can_do_only_what_its_scopes_allow_and_a_scope_request_narrows_them()
    {
        var partner = Connect(PasswordOf(TestActor.PartnerAlpha));
        var alphaClient = (await partner.Api.CreateClientAsync(TestData.NewClient("Альфа Клиент"))).Result;
        var newLead = new CreateLeadRequest { ClientId = alphaClient.Id, RequestedAmount = 250_000m, Product = LoanProduct.Mortgage };

        var reader = Connect(MakCrmCredentials.ClientCredentials(await RegisterApiClientAsync(Alpha, Permissions.LeadsReadOwn), Secret));
        (await reader.Api.ListLeadsAsync()).StatusCode.Should().Be(200);
        await Expect.ProblemAsync(() => reader.Api.CreateLeadAsync(newLead), 403, "forbidden");
        await Expect.ProblemAsync(() => reader.Api.ListClientsAsync(), 403, "forbidden");

        var writerId = await RegisterApiClientAsync(Alpha, Permissions.LeadsReadOwn, Permissions.LeadsWrite);
        var narrowed = Connect(MakCrmCredentials.ClientCredentials(writerId, Secret, [Permissions.LeadsReadOwn]));
        (await narrowed.Api.ListLeadsAsync()).StatusCode.Should().Be(200);
        await Expect.ProblemAsync(() => narrowed.Api.CreateLeadAsync(newLead), 403, "forbidden");
        var grant = narrowed.Tokens.Grants.Should().ContainSingle().Subject;
        grant.Form["scope"].Should().Be(Permissions.LeadsReadOwn);
        grant.Answer!.String("scope").Should().Be(Permissions.LeadsReadOwn);

        var unnarrowed = Connect(MakCrmCredentials.ClientCredentials(writerId, Secret));
        (await unnarrowed.Api.CreateLeadAsync(newLead)).StatusCode.Should().Be(201, "the same client may write when it does not narrow its scopes");
    }

    [Fact]
    public async Task Refused_credentials_throw_MakCrmAuthenticationException_with_the_OAuth_error_and_send_nothing_to_the_API()
    {
        var clientId = await RegisterApiClientAsync(Alpha, Permissions.LeadsReadOwn);
        var email = $"wrong.password.{Guid.NewGuid():N}@test.mak";
        await Server.CreateUserAsync(email, Roles.Employee, MakCrm.Domain.Organizations.Organization.HeadOfficeId);

        var cases = new (MakCrmCredentials Credentials, int Status, string Error)[]
        {
            (MakCrmCredentials.ClientCredentials(clientId, "wrong secret"), 401, "invalid_client"),
            (MakCrmCredentials.ClientCredentials($"unknown-{Guid.NewGuid():N}", Secret), 401, "invalid_client"),
            (MakCrmCredentials.ClientCredentials(clientId, Secret, [Permissions.LeadsDelete]), 400, "invalid_scope"),
            (MakCrmCredentials.Password(FirstPartyClients.Cabinet, email, "not the password"), 400, "invalid_grant"),
            (MakCrmCredentials.Password("no-such-client", email, TestActors.Password), 401, "invalid_client"),
        };

        foreach (var (credentials, status, error) in cases)
        {
            var sdk = Connect(credentials);

            var thrown = await FluentActions.Awaiting(() => sdk.Api.ListLeadsAsync()).Should().ThrowAsync<MakCrmAuthenticationException>();

            thrown.Which.Error.Should().Be(error, "{0} is refused", credentials);
            thrown.Which.StatusCode.Should().Be(status);
            thrown.Which.ErrorDescription.Should().NotBeNullOrWhiteSpace();
            thrown.Which.Message.Should().Contain(error).And.NotContain(Secret).And.NotContain("not the password");
            thrown.Which.InnerException.Should().BeOfType<MakCrmApiException<TokenError>>();
            sdk.Requests.Exchanges.Should().BeEmpty("nothing goes to the API without a token");
        }
    }

    [Fact]
    public async Task A_partner_sees_only_its_organization_and_another_organization_record_is_404()
    {
        var alpha = Connect(PasswordOf(TestActor.PartnerAlpha));
        var beta = Connect(PasswordOf(TestActor.PartnerBeta));
        var franchisee = Connect(PasswordOf(TestActor.Franchisee));

        var alphaClient = (await alpha.Api.CreateClientAsync(TestData.NewClient("Альфа Клиент"))).Result;
        var alphaLead = (await alpha.Api.CreateLeadAsync(new CreateLeadRequest { ClientId = alphaClient.Id, RequestedAmount = 70_000m, Product = LoanProduct.Consumer })).Result;
        var betaClient = (await beta.Api.CreateClientAsync(TestData.NewClient("Бета Клиент"))).Result;

        alphaClient.OrganizationId.Should().Be(TestActors.PartnerAlphaOrganization);
        alphaLead.OrganizationId.Should().Be(TestActors.PartnerAlphaOrganization);
        betaClient.OrganizationId.Should().Be(TestActors.PartnerBetaOrganization);
        (await alpha.Api.ListClientsAsync()).Result.Items.Select(c => c.Id).Should().Equal(alphaClient.Id);
        (await beta.Api.ListClientsAsync()).Result.Items.Select(c => c.Id).Should().Equal(betaClient.Id);
        (await beta.Api.ListClientsAsync(q: "Альфа")).Result.Items.Should().BeEmpty();
        (await beta.Api.ListLeadsAsync()).Result.Items.Should().BeEmpty();
        (await Api.ListClientsAsync()).Result.Items.Select(c => c.Id).Should().BeEquivalentTo([alphaClient.Id, betaClient.Id], "the admin sees every organization");

        await Expect.ProblemAsync(() => beta.Api.GetClientAsync(alphaClient.Id), 404, "not_found");
        await Expect.ProblemAsync(() => beta.Api.UpdateClientAsync(alphaClient.Id, "*", new UpdateClientRequest { City = "Тверь" }), 404, "not_found");
        await Expect.ProblemAsync(() => beta.Api.GetLeadAsync(alphaLead.Id), 404, "not_found");
        await Expect.ProblemAsync(() => beta.Api.UpdateLeadAsync(alphaLead.Id, "*", new UpdateLeadRequest { Comment = "чужой" }), 404, "not_found");
        await Expect.ProblemAsync(() => franchisee.Api.DeleteLeadAsync(alphaLead.Id), 404, "not_found");
        await Expect.ProblemAsync(() => beta.Api.DeleteClientAsync(alphaClient.Id), 403, "forbidden");
        var problem = await Expect.ProblemAsync(
            () => beta.Api.CreateLeadAsync(new CreateLeadRequest { ClientId = alphaClient.Id, RequestedAmount = 1000m, Product = LoanProduct.Auto }),
            400,
            "validation_failed");
        problem.Errors.Should().ContainKey("clientId");

        var unchanged = (await alpha.Api.GetClientAsync(alphaClient.Id)).Result;
        unchanged.City.Should().BeNull("another organization's change was refused");
        (await alpha.Api.GetLeadAsync(alphaLead.Id)).Result.Comment.Should().BeNull();
    }

    [Fact]
    public async Task Sign_out_revokes_the_refresh_token_and_the_next_request_signs_in_again()
    {
        var sdk = Connect(PasswordOf(TestActor.Employee));
        await sdk.Api.ListClientsAsync();
        var refreshToken = sdk.Tokens.Grants.Should().ContainSingle().Subject.IssuedRefreshToken;

        await sdk.Handler.Tokens.SignOutAsync();

        var revoke = sdk.Tokens.Exchanges[^1];
        revoke.Path.Should().Be("/connect/revoke");
        revoke.Status.Should().Be(200);
        revoke.Form["token"].Should().Be(refreshToken);
        revoke.Form["client_id"].Should().Be(FirstPartyClients.Cabinet);
        var refused = await FluentActions.Awaiting(() => Anonymous().RequestTokenAsync(new TokenRequest
        {
            Grant_type = "refresh_token",
            Client_id = FirstPartyClients.Cabinet,
            Refresh_token = refreshToken,
        })).Should().ThrowAsync<MakCrmApiException<TokenError>>();
        refused.Which.Result.Error.Should().Be("invalid_grant");

        (await sdk.Api.ListClientsAsync()).StatusCode.Should().Be(200);
        sdk.Tokens.Grants.Select(g => g.GrantType).Should().Equal("password", "password");
    }

    [Fact]
    public async Task A_provider_registered_with_IHttpClientFactory_is_shared_by_every_typed_client()
    {
        var clientId = await RegisterApiClientAsync(Alpha, Permissions.LeadsReadOwn);
        var recorder = Track(new TokenEndpointRecorder());
        var services = new ServiceCollection();
        services.AddSingleton(_ => new MakCrmTokenProvider(
            Server.BaseAddress,
            MakCrmCredentials.ClientCredentials(clientId, Secret),
            new MakCrmTokenOptions { TokenHttpHandler = recorder }));
        services.AddHttpClient<IMakCrmApiClient, MakCrmApiClient>(http => http.BaseAddress = Server.BaseAddress)
            .AddHttpMessageHandler(services => new MakCrmTokenHandler(services.GetRequiredService<MakCrmTokenProvider>()));
        await using var provider = services.BuildServiceProvider();

        var first = provider.GetRequiredService<IMakCrmApiClient>();
        var second = provider.GetRequiredService<IMakCrmApiClient>();

        (await first.ListLeadsAsync()).StatusCode.Should().Be(200);
        (await second.ListLeadsAsync()).StatusCode.Should().Be(200);
        recorder.Grants.Should().ContainSingle().Which.GrantType.Should().Be("client_credentials");
    }

    [Fact]
    public async Task The_metadata_names_the_endpoints_and_RS256_and_the_key_set_verifies_an_access_token()
    {
        var anonymous = Anonymous();
        var origin = Server.BaseAddress.GetLeftPart(UriPartial.Authority);

        var metadata = (await anonymous.GetAuthorizationServerMetadataAsync()).Result;

        metadata.Issuer.Should().Be("https://mak-crm.test");
        metadata.Token_endpoint.Should().Be($"{origin}/connect/token");
        metadata.Revocation_endpoint.Should().Be($"{origin}/connect/revoke");
        metadata.Jwks_uri.Should().Be($"{origin}/.well-known/jwks.json");
        metadata.Grant_types_supported.Should().BeEquivalentTo("password", "refresh_token", "client_credentials", MakCrmTokenProvider.MfaOtpGrantType, "urn:ietf:params:oauth:grant-type:token-exchange");
        metadata.Token_endpoint_auth_methods_supported.Should().Contain(["client_secret_basic", "client_secret_post", "none"]);
        metadata.Id_token_signing_alg_values_supported.Should().Contain("RS256");
        metadata.Scopes_supported.Should().BeEquivalentTo(Permissions.All);

        var keys = (await anonymous.GetJsonWebKeySetAsync()).Result.Keys;
        keys.Should().NotBeEmpty().And.OnlyContain(k => k.Kty == "RSA" && k.Use == "sig" && k.Alg == "RS256");
        keys.Select(k => k.Kid).Should().OnlyHaveUniqueItems();

        var accessToken = await Server.AccessTokenAsync(TestActor.Employee);
        var header = Jwts.Header(accessToken);
        header.String("alg").Should().Be("RS256");
        var key = keys.Should().ContainSingle(k => k.Kid == header.String("kid"), "the key that signed the token is published").Subject;
        using var rsa = RSA.Create(new RSAParameters { Modulus = Base64Url.DecodeFromChars(key.N), Exponent = Base64Url.DecodeFromChars(key.E) });
        var parts = accessToken.Split('.');
        rsa.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .Should().BeTrue("the published key verifies the token's signature");
    }

    [Fact]
    public async Task The_generated_token_and_revoke_operations_follow_RFC_6749_and_7009()
    {
        var anonymous = Anonymous();

        var signIn = (await anonymous.RequestTokenAsync(new TokenRequest
        {
            Grant_type = "password",
            Client_id = FirstPartyClients.Cabinet,
            Username = TestActor.Employee.Email(),
            Password = TestActors.Password,
        })).Result;

        signIn.Token_type.Should().Be("Bearer");
        signIn.Expires_in.Should().Be(900);
        signIn.Refresh_token.Should().NotBeNullOrEmpty();
        signIn.Scope.Split(' ').Should().BeEquivalentTo(Roles.DefaultMatrix[Roles.Employee]);
        using (var http = Server.CreateHttpClient(signIn.Access_token))
        {
            (await new MakCrmApiClient(http).ListClientsAsync()).StatusCode.Should().Be(200);
        }

        var refreshed = (await anonymous.RequestTokenAsync(new TokenRequest
        {
            Grant_type = "refresh_token",
            Client_id = FirstPartyClients.Cabinet,
            Refresh_token = signIn.Refresh_token,
        })).Result;
        refreshed.Refresh_token.Should().NotBeNullOrEmpty().And.NotBe(signIn.Refresh_token);
        refreshed.Access_token.Should().NotBe(signIn.Access_token);

        (await anonymous.RevokeTokenAsync(new RevokeRequest { Token = refreshed.Refresh_token!, Client_id = FirstPartyClients.Cabinet })).StatusCode.Should().Be(200);
        (await anonymous.RevokeTokenAsync(new RevokeRequest { Token = "never-issued", Client_id = FirstPartyClients.Cabinet })).StatusCode.Should().Be(200, "an unknown token is not an error");

        await TokenErrorAsync(() => anonymous.RequestTokenAsync(new TokenRequest { Grant_type = "refresh_token", Client_id = FirstPartyClients.Cabinet, Refresh_token = refreshed.Refresh_token }), 400, "invalid_grant");
        await TokenErrorAsync(() => anonymous.RevokeTokenAsync(new RevokeRequest { Token = "x" }), 400, "invalid_request");
        await TokenErrorAsync(() => anonymous.RequestTokenAsync(new TokenRequest { Grant_type = "authorization_code", Client_id = FirstPartyClients.Cabinet }), 400, "unsupported_grant_type");
        await TokenErrorAsync(() => anonymous.RequestTokenAsync(new TokenRequest { Grant_type = "client_credentials", Client_id = FirstPartyClients.Cabinet }), 401, "invalid_client");

        static async Task TokenErrorAsync(Func<Task> call, int status, string error)
        {
            var thrown = await call.Should().ThrowAsync<MakCrmApiException<TokenError>>();
            thrown.Which.StatusCode.Should().Be(status, "the response was {0}", thrown.Which.Response);
            thrown.Which.Result.Error.Should().Be(error);
        }
    }

    private static MakCrmCredentials PasswordOf(TestActor actor) =>
        MakCrmCredentials.Password(FirstPartyClients.Cabinet, actor.Email(), TestActors.Password);

    private Sdk Connect(
        MakCrmCredentials credentials, ManualClock? clock = null, Func<int, bool>? spoil = null, bool secretInBody = false, Func<CancellationToken, ValueTask<string>>? twoFactorCode = null)
    {
        var tokens = Track(new TokenEndpointRecorder());
        var requests = new ApiRecorder(spoil);
        var options = new MakCrmTokenOptions { TokenHttpHandler = tokens, TimeProvider = clock ?? TimeProvider.System, SendClientSecretInBody = secretInBody, TwoFactorCode = twoFactorCode };
        var handler = new MakCrmTokenHandler(Server.BaseAddress, credentials, options) { InnerHandler = requests };
        var http = Track(new HttpClient(handler) { BaseAddress = Server.BaseAddress });
        return new Sdk(new MakCrmApiClient(http), handler, tokens, requests);
    }

    /// <summary>
    /// Registers a confidential API client of an organization straight in the database, with <see cref="Secret"/> (a
    /// secret with characters that Basic authentication must encode, which the server never generates) and the given
    /// scopes. <see cref="AccessSdkTests"/> registers them through the API.
    /// </summary>
    private async Task<string> RegisterApiClientAsync(Guid organizationId, params string[] scopes)
    {
        var clientId = $"test-platform-{Guid.NewGuid():N}";
        await Server.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<MakCrmDbContext>();
            db.Set<MakCrm.Infrastructure.Identity.ApiClient>().Add(new MakCrm.Infrastructure.Identity.ApiClient
            {
                ClientId = clientId,
                Name = "Test lead platform",
                IsConfidential = true,
                SecretHash = SecretHash.Of(Secret),
                OrganizationId = organizationId,
                Scopes = scopes,
                IsEnabled = true,
                CreatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        return clientId;
    }

    private sealed record Sdk(IMakCrmApiClient Api, MakCrmTokenHandler Handler, TokenEndpointRecorder Tokens, ApiRecorder Requests);
}
