using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Access;
using MakCrm.Domain.Organizations;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Auth;

/// <summary>A role that requires two-factor authentication: its users must turn it on before they can do anything.</summary>
public sealed class TwoFactorEnforcementServer : ApiServerFixture;

public sealed class TwoFactorEnforcementTests(TwoFactorEnforcementServer server)
    : AuthTest(server),
        IClassFixture<TwoFactorEnforcementServer>
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ExpectJson(await SetEmployeeRequirement(true), HttpStatusCode.OK);
    }

    public override async Task DisposeAsync()
    {
        await ExpectJson(await SetEmployeeRequirement(false), HttpStatusCode.OK);
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Without_two_factor_a_user_of_an_enforcing_role_can_only_turn_it_on()
    {
        var email = $"enforced-{Guid.NewGuid():N}@test.mak";
        await Server.CreateUserAsync(email, Roles.Employee, Organization.HeadOfficeId);
        var first = await ExpectTokens(await PasswordGrant(email));
        var access = first["access_token"]!.GetValue<string>();
        Claims(access)["enrolment_only"]!.GetValue<bool>().Should().BeTrue();
        first["scope"]!.GetValue<string>().Should().BeEmpty();

        await ExpectProblem(await GetWithToken("/api/v1/clients", access), HttpStatusCode.Forbidden, "forbidden");
        using var enrolling = Server.CreateHttpClient(access);
        var secret = (
            await ExpectJson(await enrolling.PostAsync("/api/v1/account/two-factor/enrolment", null), HttpStatusCode.OK)
        )["sharedKey"]!.GetValue<string>();
        await ExpectJson(
            await enrolling.PostAsync("/api/v1/account/two-factor/confirmation", CodeBody(Oathtool.Totp(secret))),
            HttpStatusCode.OK
        );

        // The password-only sign-in cannot be refreshed into a full one.
        await ExpectOAuthError(await RefreshGrant(first["refresh_token"]!.GetValue<string>()), 400, "invalid_grant");

        var second = await PasswordGrant(email);
        await ExpectOAuthError(second, 400, "mfa_required");
        var mfaToken = System.Text.Json.Nodes.JsonNode.Parse(await second.Content.ReadAsStringAsync())![
            "mfa_token"
        ]!.GetValue<string>();
        var full = await ExpectTokens(
            await TokenRequest(
                new Dictionary<string, string>
                {
                    ["grant_type"] = "urn:mak:params:oauth:grant-type:mfa-otp",
                    ["client_id"] = "mak-cabinet",
                    ["mfa_token"] = mfaToken,
                    ["otp"] = Oathtool.Totp(secret),
                }
            )
        );
        Claims(full["access_token"]!.GetValue<string>()).ContainsKey("enrolment_only").Should().BeFalse();
        (await GetWithToken("/api/v1/clients", full["access_token"]!.GetValue<string>()))
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);
    }

    /// <summary>
    /// What the contract says of an enrolment-only token, operation by operation: the user's own account (the
    /// operations whose <c>x-permission</c> is <c>account</c>) is open to it, every other operation answers 403 —
    /// before reading the request, so whatever the body and its content type.
    /// </summary>
    [Fact]
    public async Task An_enrolment_only_token_reaches_the_account_operations_of_the_contract_and_nothing_else()
    {
        var email = $"enrolling-{Guid.NewGuid():N}@test.mak";
        await Server.CreateUserAsync(email, Roles.Employee, Organization.HeadOfficeId);
        var access = (await ExpectTokens(await PasswordGrant(email)))["access_token"]!.GetValue<string>();
        using var enrolling = Server.CreateHttpClient(access);
        var contract = Contract.ContractFile.Load();
        var wrong = new List<string>();
        var account = 0;
        var others = 0;
        foreach (var (path, item) in contract["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                if (
                    node is not JsonObject operation
                    || operation["operationId"] is null
                    || !path.StartsWith("/api/", StringComparison.Ordinal)
                    || operation["security"] is JsonArray { Count: 0 }
                )
                {
                    continue;
                }

                using var request = new HttpRequestMessage(
                    new HttpMethod(method.ToUpperInvariant()),
                    ConcretePath(contract, path, item, operation)
                );
                if (operation["requestBody"] is not null)
                {
                    // A body of the wrong kind: authorization answers first, so it is never read.
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "text/plain");
                }

                using var response = await enrolling.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                var status = (int)response.StatusCode;
                var isAccount = operation["x-permission"]?.GetValue<string>() == "account";
                _ = isAccount ? account++ : others++;
                if (isAccount ? status is 401 or 403 : status != 403)
                {
                    wrong.Add($"{method.ToUpperInvariant()} {path} ({operation["operationId"]}): {status}");
                }
            }
        }

        wrong
            .Should()
            .BeEmpty("an enrolment-only token reaches the account operations only, and is refused before the body");
        account.Should().BeGreaterThan(10);
        others.Should().BeGreaterThan(200);
    }

    // The path with a value of each parameter's type (a UUID, a number, a word), enough to reach the operation.
    private static string ConcretePath(JsonObject contract, string path, JsonNode item, JsonObject operation)
    {
        var parameters = (item["parameters"]?.AsArray() ?? [])
            .Concat(operation["parameters"]?.AsArray() ?? [])
            .Select(p =>
                p!["$ref"] is { } reference
                    ? contract["components"]!["parameters"]![reference.GetValue<string>().Split('/')[^1]]!
                    : p!
            );
        foreach (var parameter in parameters.Where(p => p["in"]!.GetValue<string>() == "path"))
        {
            var schema = parameter["schema"]!;
            var value =
                schema["format"]?.GetValue<string>() == "uuid" ? Guid.CreateVersion7().ToString()
                : schema["type"]?.GetValue<string>() == "integer" ? "1"
                : "x";
            path = path.Replace($"{{{parameter["name"]!.GetValue<string>()}}}", value, StringComparison.Ordinal);
        }

        return path;
    }

    [Fact]
    public async Task Roles_that_do_not_require_it_are_not_affected_and_the_setting_is_audited()
    {
        (await ExpectTokens(await PasswordGrant(TestActor.PartnerAlpha.Email())))["scope"]!
            .GetValue<string>()
            .Should()
            .NotBeEmpty();

        var matrix = await ExpectJson(await Http.GetAsync("/api/v1/roles"), HttpStatusCode.OK);
        matrix["roles"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == Roles.Employee)!["requiresTwoFactor"]!
            .GetValue<bool>()
            .Should()
            .BeTrue();
        var audit = await ExpectJson(
            await Http.GetAsync("/api/v1/audit-events?action=role.two_factor_requirement_changed"),
            HttpStatusCode.OK
        );
        audit["items"]!.AsArray().Should().NotBeEmpty();
    }

    private Task<HttpResponseMessage> SetEmployeeRequirement(bool required) =>
        Send(
            HttpMethod.Put,
            "/api/v1/roles/employee/permissions",
            Json(new { permissions = Roles.DefaultMatrix[Roles.Employee], requiresTwoFactor = required })
        );
}
