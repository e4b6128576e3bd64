using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace MakCrm.Bench;

/// <summary>A partner of a freshly started API, signed in: who the benchmark's requests come from.</summary>
internal sealed record Partner(string Email, Guid UserId, Guid OrganizationId, string AccessToken);

/// <summary>
/// Prepares the caller the way clients/typescript/test/global-setup.ts does: the bootstrap administrator turns on
/// two-factor authentication (the admin role requires it; codes from oathtool) and approves a partner who registered
/// through the API; the partner signs in with a password alone (partners need no 2FA). Run once per database.
/// </summary>
internal static class ApiSession
{
    private const string PartnerPassword = "Bench-Partner-Password-2026";

    public static async Task<Partner> PreparePartnerAsync(Uri baseUrl, string databaseConnection, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        var admin = await SignInAdminAsync(http, cancellationToken);
        var email = "bench-partner@partner.example";
        var registration = await CallAsync(http, null, HttpMethod.Post, "/api/v1/registrations", new
        {
            kind = "partner",
            companyName = "ООО Партнёр Бенчмарка",
            legalForm = "ooo",
            inn = "7707083893",
            city = "Москва",
            contactPhone = "+7 921 555-44-34",
            contactEmail = email,
            fullName = "Бенчмарков Борис",
            password = PartnerPassword,
        }, cancellationToken);
        var organizationId = registration!["id"]!.GetValue<Guid>();
        await CallAsync(http, admin, HttpMethod.Post, $"/api/v1/organizations/{organizationId}/approve", null, cancellationToken);

        var partner = await PasswordSignInAsync(http, email, PartnerPassword, cancellationToken);
        var userId = await UserIdAsync(databaseConnection, email, cancellationToken);
        return new Partner(email, userId, organizationId, partner);
    }

    /// <summary>
    /// The bootstrap administrator's access token, after turning on 2FA (the admin role requires it; codes from
    /// oathtool). Once per database: a second call would meet 2FA already on without knowing its key.
    /// </summary>
    public static async Task<string> SignInAdminAsync(HttpClient http, CancellationToken cancellationToken) =>
        (await EnrolAdminAsync(http, cancellationToken)).AccessToken;

    /// <summary>As <see cref="SignInAdminAsync"/>, keeping the 2FA key for later sign-ins (<see cref="SignInAdminAgainAsync"/>).</summary>
    public static async Task<(string AccessToken, string TwoFactorKey)> EnrolAdminAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var first = await TokenAsync(http, new() { ["grant_type"] = "password", ["username"] = ApiProcess.AdminEmail, ["password"] = ApiProcess.AdminPassword }, cancellationToken);
        var enrolOnly = first["access_token"]!.GetValue<string>();
        var enrolment = await CallAsync(http, enrolOnly, HttpMethod.Post, "/api/v1/account/two-factor/enrolment", null, cancellationToken);
        var key = enrolment!["sharedKey"]!.GetValue<string>();
        await CallAsync(http, enrolOnly, HttpMethod.Post, "/api/v1/account/two-factor/confirmation", new { code = Totp(key) }, cancellationToken);

        var challenge = await TokenAsync(http, new() { ["grant_type"] = "password", ["username"] = ApiProcess.AdminEmail, ["password"] = ApiProcess.AdminPassword }, cancellationToken);
        var full = await TokenAsync(http, new()
        {
            ["grant_type"] = "urn:mak:params:oauth:grant-type:mfa-otp",
            ["mfa_token"] = challenge["mfa_token"]!.GetValue<string>(),
            ["otp"] = Totp(key, offsetSteps: 1), // a code is accepted once: the next step's, which the server's window accepts
        }, cancellationToken);
        return (full["access_token"]!.GetValue<string>(), key);
    }

    /// <summary>
    /// A fresh two-factor sign-in of the enrolled administrator (step-up: exports of personal data need one from the last
    /// 10 minutes). Codes are accepted once, so this uses the step after the next; call it at most once a minute.
    /// </summary>
    public static async Task<string> SignInAdminAgainAsync(HttpClient http, string twoFactorKey, CancellationToken cancellationToken)
    {
        var challenge = await TokenAsync(http, new() { ["grant_type"] = "password", ["username"] = ApiProcess.AdminEmail, ["password"] = ApiProcess.AdminPassword }, cancellationToken);
        var full = await TokenAsync(http, new()
        {
            ["grant_type"] = "urn:mak:params:oauth:grant-type:mfa-otp",
            ["mfa_token"] = challenge["mfa_token"]!.GetValue<string>(),
            ["otp"] = Totp(twoFactorKey, offsetSteps: -1),
        }, cancellationToken);
        return full["access_token"]!.GetValue<string>();
    }

    /// <summary>An access token from a password sign-in (users without 2FA: partners, franchisees).</summary>
    public static async Task<string> PasswordSignInAsync(HttpClient http, string email, string password, CancellationToken cancellationToken) =>
        (await TokenAsync(http, new() { ["grant_type"] = "password", ["username"] = email, ["password"] = password }, cancellationToken))["access_token"]!.GetValue<string>();

    public static async Task<Guid> UserIdAsync(string databaseConnection, string email, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(databaseConnection);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT id FROM users WHERE normalized_email = upper($1)", connection);
        command.Parameters.AddWithValue(email);
        return (Guid)(await command.ExecuteScalarAsync(cancellationToken) ?? throw new InvalidOperationException($"No user {email}."));
    }

    private static async Task<JsonObject> TokenAsync(HttpClient http, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        form["client_id"] = "mak-cabinet";
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(form), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        // A password sign-in of a user with 2FA on answers 400 mfa_required with the token for the mfa-otp grant.
        return response.StatusCode == HttpStatusCode.OK || (response.StatusCode == HttpStatusCode.BadRequest && body.Contains("\"mfa_token\"", StringComparison.Ordinal))
            ? JsonNode.Parse(body)!.AsObject()
            : throw new InvalidOperationException($"POST /connect/token ({form["grant_type"]}) answered {(int)response.StatusCode}: {body}");
    }

    public static async Task<JsonObject?> CallAsync(HttpClient http, string? accessToken, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }

        return text.Length == 0 ? null : JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>The TOTP code of now, or <paramref name="offsetSteps"/> × 30 s from now, from oathtool (as the TypeScript client's tests compute them).</summary>
    private static string Totp(string base32Key, int offsetSteps = 0)
    {
        var now = $"--now={DateTimeOffset.UtcNow.AddSeconds(30 * offsetSteps):yyyy-MM-dd HH:mm:ss} UTC";
        using var process = Process.Start(new ProcessStartInfo("oathtool", ["--totp", "-b", now, base32Key]) { RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("oathtool is required (apt-get install oathtool).");
        var code = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return process.ExitCode == 0 ? code : throw new InvalidOperationException("oathtool failed.");
    }
}
