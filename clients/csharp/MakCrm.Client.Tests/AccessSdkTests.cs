using System.Text.Json;
using MakCrm.Domain.Access;
using MakCrm.Infrastructure.Identity;
using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>
/// The Access operations through the SDK against the real server: the role-to-permission matrix
/// (<c>listRoles</c>, <c>setRolePermissions</c>) and the API clients of partner platforms (<c>listApiClients</c>,
/// <c>registerApiClient</c>, <c>disableApiClient</c>, <c>enableApiClient</c>, <c>rotateApiClientSecret</c>), with the
/// credentials they hand out used by <see cref="MakCrmTokenHandler"/>.
/// The matrix and the API clients outlive a test (only business data is emptied), so every test that changes a role
/// puts the default matrix back in a finally block.
/// </summary>
public sealed class AccessSdkTests(ApiServerFixture server) : SdkTest(server)
{
    private static readonly Guid Alpha = TestActors.PartnerAlphaOrganization;

    private static readonly string[] PlatformScopes =
    [
        Permissions.ClientsReadOwn,
        Permissions.ClientsWrite,
        Permissions.LeadsReadOwn,
        Permissions.LeadsWrite,
    ];

    /// <summary>The permissions an API client may hold as scopes: all but the management ones.</summary>
    private static readonly string[] BusinessPermissions =
    [
        Permissions.ClientsReadOwn,
        Permissions.ClientsReadAll,
        Permissions.ClientsWrite,
        Permissions.ClientsDelete,
        Permissions.ClientsExport,
        Permissions.LeadsReadOwn,
        Permissions.LeadsReadAll,
        Permissions.LeadsWrite,
        Permissions.LeadsDelete,
    ];

    [Fact]
    public async Task The_matrix_lists_every_role_with_its_permissions_and_every_permission()
    {
        var response = await Api.ListRolesAsync();

        response.StatusCode.Should().Be(200);
        var matrix = response.Result;
        matrix.Permissions.Should().BeEquivalentTo(Permissions.All);
        matrix.Roles.Select(r => r.Name).Should().BeEquivalentTo(Roles.DefaultMatrix.Keys).And.OnlyHaveUniqueItems();
        foreach (var role in matrix.Roles)
        {
            role.Permissions.Should()
                .BeEquivalentTo(Roles.DefaultMatrix[role.Name], "role {0} has its default permissions", role.Name);
            role.Permissions.Should().BeSubsetOf(matrix.Permissions);
        }

        // The test server, like the demo, lifts every role's two-factor requirement (see ApiServerFixture).
        matrix.Roles.Should().OnlyContain(r => !r.RequiresTwoFactor);
        matrix
            .Roles.Single(r => r.Name == Roles.Guest)
            .Permissions.Should()
            .BeEquivalentTo(Roles.DefaultMatrix[Roles.Guest]);
    }

    [Fact]
    public async Task A_changed_role_takes_effect_for_tokens_already_issued_is_audited_and_can_be_put_back()
    {
        using var guestHttp = await Server.CreateHttpClientAsync(TestActor.Guest);
        var guest = new MakCrmApiClient(guestHttp);
        await Expect.ProblemAsync(() => guest.ListLeadsAsync(), 403, "forbidden");

        try
        {
            var changed = await Api.SetRolePermissionsAsync(
                Roles.Guest,
                new SetRolePermissionsRequest
                {
                    Permissions = [Permissions.LeadsReadOwn, Permissions.ClientsReadOwn, Permissions.LeadsReadOwn],
                }
            );

            changed.StatusCode.Should().Be(200);
            changed.Result.Name.Should().Be(Roles.Guest);
            changed.Result.RequiresTwoFactor.Should().BeFalse();
            changed
                .Result.Permissions.Should()
                .BeEquivalentTo(
                    [Permissions.ClientsReadOwn, Permissions.LeadsReadOwn],
                    "a repeated permission is held once"
                );
            (await Api.ListRolesAsync())
                .Result.Roles.Single(r => r.Name == Roles.Guest)
                .Permissions.Should()
                .BeEquivalentTo(Permissions.ClientsReadOwn, Permissions.LeadsReadOwn);

            (await guest.ListLeadsAsync())
                .StatusCode.Should()
                .Be(200, "the guest's token is older than the change and still follows it");
            (await guest.ListClientsAsync()).StatusCode.Should().Be(200);
            await Expect.ProblemAsync(() => guest.CreateClientAsync(TestData.NewClient()), 403, "forbidden");

            var audit = (await Api.ListAuditEventsAsync(action: "role.permissions_changed")).Result.Items;
            var details = ((JsonElement)audit.Should().ContainSingle().Subject.Changes!).Deserialize<RoleChange>()!;
            details.Role.Should().Be(Roles.Guest);
            details.Before.Should().BeEquivalentTo(Roles.DefaultMatrix[Roles.Guest]);
            details.After.Should().BeEquivalentTo(Permissions.ClientsReadOwn, Permissions.LeadsReadOwn);
        }
        finally
        {
            var restored = await Api.SetRolePermissionsAsync(
                Roles.Guest,
                new SetRolePermissionsRequest { Permissions = [.. Roles.DefaultMatrix[Roles.Guest]] }
            );
            restored.Result.Permissions.Should().BeEquivalentTo(Roles.DefaultMatrix[Roles.Guest]);
        }

        await Expect.ProblemAsync(() => guest.ListLeadsAsync(), 403, "forbidden");
        await ExpectDefaultMatrixAsync();
    }

    [Fact]
    public async Task The_matrix_refuses_unknown_permissions_unknown_roles_and_a_weakened_admin()
    {
        try
        {
            var unknown = await Expect.ProblemAsync(
                () =>
                    Api.SetRolePermissionsAsync(
                        Roles.Partner,
                        new SetRolePermissionsRequest { Permissions = [Permissions.LeadsReadOwn, "leads.everything"] }
                    ),
                400,
                "validation_failed"
            );
            unknown.Errors.Should().ContainSingle().Which.Key.Should().StartWith("permissions");

            await Expect.ProblemAsync(
                () => Api.SetRolePermissionsAsync("superuser", new SetRolePermissionsRequest { Permissions = [] }),
                404,
                "not_found"
            );

            var weakened = await Expect.ProblemAsync(
                () =>
                    Api.SetRolePermissionsAsync(
                        Roles.Admin,
                        new SetRolePermissionsRequest
                        {
                            Permissions = [.. Permissions.All.Where(p => p != Permissions.RolesManage)],
                        }
                    ),
                400,
                "validation_failed"
            );
            weakened.Errors.Should().ContainKey("permissions");

            await ExpectDefaultMatrixAsync();
            (await Api.ListRolesAsync()).StatusCode.Should().Be(200, "the admin still manages roles");
        }
        finally
        {
            await RestoreDefaultMatrixAsync();
        }
    }

    [Fact]
    public async Task The_admin_role_may_be_set_to_every_permission()
    {
        var admin = await Api.SetRolePermissionsAsync(
            Roles.Admin,
            new SetRolePermissionsRequest { Permissions = [.. Permissions.All.Reverse()] }
        );

        admin.Result.Name.Should().Be(Roles.Admin);
        admin
            .Result.RequiresTwoFactor.Should()
            .BeFalse("the permissions change leaves the two-factor setting as it was");
        admin.Result.Permissions.Should().BeEquivalentTo(Permissions.All);
        await ExpectDefaultMatrixAsync();
    }

    [Fact]
    public async Task An_admin_registers_a_client_that_signs_in_until_it_is_disabled_and_whose_old_secret_stops_working_on_rotation()
    {
        var name = $"Лидогенератор «Поток» {Guid.NewGuid():N}";
        var before = DateTimeOffset.UtcNow;

        // Register: the answer carries the client and its secret, once.
        var registered = await Api.RegisterApiClientAsync(
            new RegisterApiClientRequest
            {
                Name = name,
                OrganizationId = Alpha,
                Scopes = PlatformScopes,
            }
        );

        registered.StatusCode.Should().Be(201);
        var client = registered.Result.Client;
        var secret = registered.Result.ClientSecret;
        client.ClientId.Should().NotBeNullOrWhiteSpace();
        client.Name.Should().Be(name);
        client.OrganizationId.Should().Be(Alpha);
        client.Scopes.Should().BeEquivalentTo(PlatformScopes);
        client.Enabled.Should().BeTrue();
        client
            .CreatedAt.Should()
            .BeOnOrAfter(before.AddSeconds(-5))
            .And.BeOnOrBefore(DateTimeOffset.UtcNow.AddSeconds(5));
        secret.Should().NotBeNullOrWhiteSpace().And.NotContain(client.ClientId);
        secret.Length.Should().BeGreaterThanOrEqualTo(32, "a secret is long enough not to be guessed");

        // It is listed, without its secret.
        var listed = (await Api.ListApiClientsAsync())
            .Result.Items.Should()
            .ContainSingle(c => c.ClientId == client.ClientId)
            .Subject;
        ShouldDescribe(listed, client);
        (await Http.GetStringAsync("api/v1/api-clients")).Should().Contain(client.ClientId).And.NotContain(secret);

        // The client-credentials grant with its id and secret acts for its organization within its scopes.
        var platform = Connect(client.ClientId, secret);
        var borrower = await platform.Api.CreateClientAsync(TestData.NewClient("Потоков Павел"));
        var lead = await platform.Api.CreateLeadAsync(
            new CreateLeadRequest
            {
                ClientId = borrower.Result.Id,
                RequestedAmount = 150_000m,
                Product = LoanProduct.Consumer,
            }
        );
        var leads = await platform.Api.ListLeadsAsync();

        leads.StatusCode.Should().Be(200);
        leads.Result.Items.Select(l => l.Id).Should().Equal(lead.Result.Id);
        lead.Result.OrganizationId.Should().Be(Alpha);
        await Expect.ProblemAsync(() => platform.Api.DeleteLeadAsync(lead.Result.Id), 403, "forbidden");
        await Expect.ProblemAsync(() => platform.Api.ListRolesAsync(), 403, "forbidden");
        var grant = platform.Tokens.Grants.Should().ContainSingle().Subject;
        grant.GrantType.Should().Be("client_credentials");
        grant.Answer!.String("scope")!.Split(' ').Should().BeEquivalentTo(PlatformScopes);
        var token = grant.IssuedAccessToken!;
        Jwts.Claims(token).String("sub").Should().Be(client.ClientId);
        var tokenApi = new MakCrmApiClient(Track(Server.CreateHttpClient(token)));

        // Disabled: its token is refused from the next request on, and it gets no new one.
        var disabled = await Api.DisableApiClientAsync(client.ClientId);

        disabled.StatusCode.Should().Be(200);
        ShouldDescribe(disabled.Result, client, enabled: false);
        (await Api.ListApiClientsAsync())
            .Result.Items.Single(c => c.ClientId == client.ClientId)
            .Enabled.Should()
            .BeFalse();
        await Expect.ProblemAsync(() => tokenApi.ListLeadsAsync(), 401, "unauthorized");
        await ExpectTokenErrorAsync(client.ClientId, secret, 401, "invalid_client");
        var refused = await FluentActions
            .Awaiting(() => platform.Api.ListLeadsAsync())
            .Should()
            .ThrowAsync<MakCrmAuthenticationException>();
        refused.Which.Error.Should().Be("invalid_client", "the handler's token is refused and a new one is not issued");
        (await Api.DisableApiClientAsync(client.ClientId))
            .Result.Enabled.Should()
            .BeFalse("disabling twice changes nothing");

        // Enabled again: new tokens, and its earlier token works again until it expires.
        var enabled = await Api.EnableApiClientAsync(client.ClientId);

        enabled.StatusCode.Should().Be(200);
        ShouldDescribe(enabled.Result, client);
        (await tokenApi.ListLeadsAsync()).StatusCode.Should().Be(200);
        (await platform.Api.ListLeadsAsync()).StatusCode.Should().Be(200);

        // A new secret: the old one stops working at once, the new one works.
        var rotated = await Api.RotateApiClientSecretAsync(client.ClientId);

        rotated.StatusCode.Should().Be(200);
        ShouldDescribe(rotated.Result.Client, client);
        var newSecret = rotated.Result.ClientSecret;
        newSecret.Should().NotBeNullOrWhiteSpace().And.NotBe(secret);
        newSecret.Length.Should().BeGreaterThanOrEqualTo(32);
        await ExpectTokenErrorAsync(client.ClientId, secret, 401, "invalid_client");
        var oldSecret = await FluentActions
            .Awaiting(() => Connect(client.ClientId, secret).Api.ListLeadsAsync())
            .Should()
            .ThrowAsync<MakCrmAuthenticationException>();
        oldSecret.Which.Error.Should().Be("invalid_client");
        var renewed = Connect(client.ClientId, newSecret);
        (await renewed.Api.ListLeadsAsync()).Result.Items.Select(l => l.Id).Should().Equal(lead.Result.Id);
        (await Http.GetStringAsync("api/v1/api-clients")).Should().NotContain(newSecret);

        var events = (await Api.ListAuditEventsAsync(kind: "security", sort: AuditEventSort.OccurredAt, limit: 200))
            .Result
            .Items;
        events
            .Select(e => e.Action)
            .Where(a => a.StartsWith("api_client.", StringComparison.Ordinal))
            .Should()
            .Equal("api_client.registered", "api_client.disabled", "api_client.enabled", "api_client.secret_rotated");
        events
            .Select(e => e.Changes?.ToString() ?? "")
            .Should()
            .NotContain(c => c.Contains(secret) || c.Contains(newSecret), "secrets are never logged");
    }

    [Fact]
    public async Task Each_registration_gets_its_own_id_and_secret_and_the_list_shows_only_API_clients()
    {
        var first = (
            await Api.RegisterApiClientAsync(
                new RegisterApiClientRequest
                {
                    Name = "Бот",
                    OrganizationId = TestActors.FranchiseeOrganization,
                    Scopes = [Permissions.LeadsWrite],
                }
            )
        ).Result;
        var second = (
            await Api.RegisterApiClientAsync(
                new RegisterApiClientRequest
                {
                    Name = "Бот",
                    OrganizationId = TestActors.FranchiseeOrganization,
                    Scopes = [Permissions.LeadsWrite],
                }
            )
        ).Result;

        second.Client.ClientId.Should().NotBe(first.Client.ClientId);
        second.ClientSecret.Should().NotBe(first.ClientSecret);
        first.Client.OrganizationId.Should().Be(TestActors.FranchiseeOrganization);
        first.Client.Scopes.Should().Equal(Permissions.LeadsWrite);

        var items = (await Api.ListApiClientsAsync()).Result.Items;
        items
            .Select(c => c.ClientId)
            .Should()
            .Contain([first.Client.ClientId, second.Client.ClientId])
            .And.OnlyHaveUniqueItems();
        items
            .Select(c => c.ClientId)
            .Should()
            .NotContain(
                [FirstPartyClients.Cabinet, "swagger-ui"],
                "the first-party sign-in clients are not API clients"
            );
        items
            .Should()
            .OnlyContain(c => c.Scopes.All(s => Permissions.All.Contains(s)) && c.OrganizationId != Guid.Empty);
    }

    [Theory]
    [InlineData("roles.manage", "scopes[0]")]
    [InlineData("api_clients.manage", "scopes[0]")]
    [InlineData("audit.read", "scopes[0]")]
    [InlineData("leads.everything", "scopes[0]")]
    [InlineData(null, "scopes")]
    public async Task Registration_refuses_scopes_that_are_not_business_permissions(string? scope, string field)
    {
        var problem = await Expect.ProblemAsync(
            () =>
                Api.RegisterApiClientAsync(
                    new RegisterApiClientRequest
                    {
                        Name = "X",
                        OrganizationId = Alpha,
                        Scopes = scope is null ? [] : [scope],
                    }
                ),
            400,
            "validation_failed"
        );

        problem.Errors.Should().ContainKey(field).WhoseValue.Should().NotBeEmpty();
        (await Api.ListApiClientsAsync()).Result.Items.Should().NotContain(c => c.Name == "X");
    }

    [Fact]
    public async Task Registration_refuses_a_missing_name_and_an_unknown_organization()
    {
        var noName = await Expect.ProblemAsync(
            () =>
                Api.RegisterApiClientAsync(
                    new RegisterApiClientRequest
                    {
                        Name = " ",
                        OrganizationId = Alpha,
                        Scopes = [Permissions.LeadsWrite],
                    }
                ),
            400,
            "validation_failed"
        );
        noName.Errors.Should().ContainKey("name");

        var tooLong = await Expect.ProblemAsync(
            () =>
                Api.RegisterApiClientAsync(
                    new RegisterApiClientRequest
                    {
                        Name = new string('я', 201),
                        OrganizationId = Alpha,
                        Scopes = [Permissions.LeadsWrite],
                    }
                ),
            400,
            "validation_failed"
        );
        tooLong.Errors.Should().ContainKey("name");

        var unknown = await Expect.ProblemAsync(
            () =>
                Api.RegisterApiClientAsync(
                    new RegisterApiClientRequest
                    {
                        Name = "Нет такой",
                        OrganizationId = Guid.CreateVersion7(),
                        Scopes = [Permissions.LeadsWrite],
                    }
                ),
            400,
            "validation_failed"
        );
        unknown.Errors.Should().ContainKey("organizationId");

        (await Api.ListApiClientsAsync()).Result.Items.Should().NotContain(c => c.Name == "Нет такой");
    }

    [Fact]
    public async Task Unknown_clients_and_the_first_party_clients_are_404()
    {
        foreach (var clientId in new[] { $"mak_{Guid.NewGuid():N}", FirstPartyClients.Cabinet })
        {
            await Expect.ProblemAsync(() => Api.DisableApiClientAsync(clientId), 404, "not_found");
            await Expect.ProblemAsync(() => Api.EnableApiClientAsync(clientId), 404, "not_found");
            await Expect.ProblemAsync(() => Api.RotateApiClientSecretAsync(clientId), 404, "not_found");
        }

        // The cabinet still signs people in.
        (
            await Anonymous()
                .RequestTokenAsync(
                    new TokenRequest
                    {
                        Grant_type = "password",
                        Client_id = FirstPartyClients.Cabinet,
                        Username = TestActor.Employee.Email(),
                        Password = TestActors.Password,
                    }
                )
        )
            .StatusCode.Should()
            .Be(200);
    }

    [Fact]
    public async Task Only_the_admin_manages_roles_and_API_clients_and_a_refusal_changes_nothing()
    {
        var target = (
            await Api.RegisterApiClientAsync(
                new RegisterApiClientRequest
                {
                    Name = "Цель",
                    OrganizationId = Alpha,
                    Scopes = [Permissions.LeadsReadOwn],
                }
            )
        ).Result;
        // Every business scope, so a head-office client: a partner's client may do no more than the partner role.
        var platform = (
            await Api.RegisterApiClientAsync(
                new RegisterApiClientRequest
                {
                    Name = "Все деловые права",
                    OrganizationId = MakCrm.Domain.Organizations.Organization.HeadOfficeId,
                    Scopes = [.. BusinessPermissions],
                }
            )
        ).Result;
        var callers = new List<(string Who, IMakCrmApiClient Api)>();
        foreach (
            var actor in new[] { TestActor.Employee, TestActor.PartnerAlpha, TestActor.Franchisee, TestActor.Guest }
        )
        {
            callers.Add((actor.ToString(), new MakCrmApiClient(Track(await Server.CreateHttpClientAsync(actor)))));
        }

        callers.Add(
            ("an API client with every business scope", Connect(platform.Client.ClientId, platform.ClientSecret).Api)
        );

        try
        {
            foreach (var (who, api) in callers)
            {
                Func<Task>[] calls =
                [
                    () => api.ListRolesAsync(),
                    () =>
                        api.SetRolePermissionsAsync(
                            Roles.Guest,
                            new SetRolePermissionsRequest { Permissions = [.. Permissions.All] }
                        ),
                    () => api.ListApiClientsAsync(),
                    () =>
                        api.RegisterApiClientAsync(
                            new RegisterApiClientRequest
                            {
                                Name = "Самозванец",
                                OrganizationId = Alpha,
                                Scopes = [Permissions.LeadsWrite],
                            }
                        ),
                    () => api.DisableApiClientAsync(target.Client.ClientId),
                    () => api.EnableApiClientAsync(target.Client.ClientId),
                    () => api.RotateApiClientSecretAsync(target.Client.ClientId),
                ];
                foreach (var call in calls)
                {
                    var problem = await Expect.ProblemAsync(call, 403, "forbidden");
                    problem.Code.Should().Be("forbidden", "{0} lacks the management permissions", who);
                }
            }

            await ExpectDefaultMatrixAsync();
            var items = (await Api.ListApiClientsAsync()).Result.Items;
            items.Should().NotContain(c => c.Name == "Самозванец");
            ShouldDescribe(items.Single(c => c.ClientId == target.Client.ClientId), target.Client);
            await ExpectTokenAsync(target.Client.ClientId, target.ClientSecret);
        }
        finally
        {
            await RestoreDefaultMatrixAsync();
        }
    }

    /// <summary>Checks that every role has its default permissions.</summary>
    private async Task ExpectDefaultMatrixAsync()
    {
        var roles = (await Api.ListRolesAsync()).Result.Roles;
        roles.Select(r => r.Name).Should().BeEquivalentTo(Roles.DefaultMatrix.Keys);
        foreach (var role in roles)
        {
            role.Permissions.Should()
                .BeEquivalentTo(Roles.DefaultMatrix[role.Name], "role {0} is unchanged", role.Name);
        }
    }

    /// <summary>Puts back the default permissions of every role that differs from them (the matrix outlives a test).</summary>
    private async Task RestoreDefaultMatrixAsync()
    {
        foreach (var role in (await Api.ListRolesAsync()).Result.Roles)
        {
            if (
                Roles.DefaultMatrix.TryGetValue(role.Name, out var defaults)
                && !role.Permissions.ToHashSet().SetEquals(defaults)
            )
            {
                await Api.SetRolePermissionsAsync(
                    role.Name,
                    new SetRolePermissionsRequest { Permissions = [.. defaults] }
                );
            }
        }
    }

    /// <summary>
    /// Checks that an API client's answer describes the client as it was registered, enabled or not. The registration
    /// answers <c>createdAt</c> to the 100 ns of .NET, later answers to the microsecond PostgreSQL keeps, so the
    /// instants are compared to the millisecond.
    /// </summary>
    private static void ShouldDescribe(ApiClient actual, ApiClient registered, bool enabled = true)
    {
        actual.ClientId.Should().Be(registered.ClientId);
        actual.Name.Should().Be(registered.Name);
        actual.OrganizationId.Should().Be(registered.OrganizationId);
        actual.Scopes.Should().BeEquivalentTo(registered.Scopes);
        actual.Enabled.Should().Be(enabled);
        actual.CreatedAt.Should().BeCloseTo(registered.CreatedAt, TimeSpan.FromMilliseconds(1));
    }

    /// <summary>The client-credentials grant (secret in the body) through the generated operation must issue a token.</summary>
    private async Task ExpectTokenAsync(string clientId, string secret)
    {
        var issued = await Anonymous()
            .RequestTokenAsync(
                new TokenRequest
                {
                    Grant_type = "client_credentials",
                    Client_id = clientId,
                    Client_secret = secret,
                }
            );
        issued.StatusCode.Should().Be(200);
        issued.Result.Access_token.Should().NotBeNullOrEmpty();
    }

    /// <summary>The client-credentials grant (secret in the body) through the generated operation must fail with this OAuth error.</summary>
    private async Task ExpectTokenErrorAsync(string clientId, string secret, int status, string error)
    {
        var request = new TokenRequest
        {
            Grant_type = "client_credentials",
            Client_id = clientId,
            Client_secret = secret,
        };
        var thrown = await FluentActions
            .Awaiting(() => Anonymous().RequestTokenAsync(request))
            .Should()
            .ThrowAsync<MakCrmApiException<TokenError>>();
        thrown.Which.StatusCode.Should().Be(status, "the response was {0}", thrown.Which.Response);
        thrown.Which.Result.Error.Should().Be(error);
    }

    private Sdk Connect(string clientId, string secret)
    {
        var tokens = Track(new TokenEndpointRecorder());
        var handler = new MakCrmTokenHandler(
            Server.BaseAddress,
            MakCrmCredentials.ClientCredentials(clientId, secret),
            new MakCrmTokenOptions { TokenHttpHandler = tokens }
        )
        {
            InnerHandler = new SocketsHttpHandler(),
        };
        var http = Track(new HttpClient(handler) { BaseAddress = Server.BaseAddress });
        return new Sdk(new MakCrmApiClient(http), tokens);
    }

    private sealed record Sdk(IMakCrmApiClient Api, TokenEndpointRecorder Tokens);

    private sealed record RoleChange(
        [property: System.Text.Json.Serialization.JsonPropertyName("role")] string Role,
        [property: System.Text.Json.Serialization.JsonPropertyName("before")] string[] Before,
        [property: System.Text.Json.Serialization.JsonPropertyName("after")] string[] After
    );
}
