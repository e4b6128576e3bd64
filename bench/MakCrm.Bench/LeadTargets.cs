using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MakCrm.Domain.Clients;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Bench;

internal enum LeadTargetKind
{
    /// <summary><c>POST /api/v1/leads</c> with the id of a client created up front (what main has today).</summary>
    Leads,

    /// <summary><c>POST /api/v1/lead-submissions</c>: contact data and the lead, duplicate control included (feat/duplicates).</summary>
    LeadSubmissions,
}

/// <summary>What the API side of the lead benchmark calls, and with what body.</summary>
internal interface ILeadTarget
{
    string Describe { get; }

    /// <summary>Runs once after the partner signed in, before any timing.</summary>
    Task PrepareAsync(string databaseConnection, Partner partner, BenchOptions options, CancellationToken cancellationToken);

    HttpRequestMessage Request(LeadPayload payload, string accessToken);
}

// ============================================================================================================
// THE API ENDPOINT OF THE LEAD BENCHMARK — the one place to change it.
// POST /api/v1/lead-submissions does the work the baseline (BaselineServer) does: duplicate control with advisory
// locks, the client found or created, the lead, its history, the duplicate notification and the audit rows.
// `--lead-target leads` measures POST /api/v1/leads with pre-created clients instead (not like for like).
// ============================================================================================================
internal static class LeadTargets
{
    public const LeadTargetKind Default = LeadTargetKind.LeadSubmissions;

    public static LeadTargetKind Parse(string value) => value switch
    {
        "leads" => LeadTargetKind.Leads,
        "lead-submissions" => LeadTargetKind.LeadSubmissions,
        _ => throw new ArgumentException($"--lead-target must be leads or lead-submissions, not '{value}'."),
    };

    public static ILeadTarget Create(LeadTargetKind kind) => kind switch
    {
        LeadTargetKind.Leads => new LeadsTarget(),
        LeadTargetKind.LeadSubmissions => new LeadSubmissionsTarget(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    internal static HttpRequestMessage Post(string path, string accessToken, Action<Utf8JsonWriter> body)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(buffer.WrittenSpan.ToArray()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json", Encoding.UTF8.WebName);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return request;
    }

    /// <summary>The lead fields both endpoints share.</summary>
    internal static void WriteLead(Utf8JsonWriter writer, LeadPayload payload)
    {
        writer.WriteNumber("requestedAmount", payload.RequestedAmount);
        writer.WriteString("product", payload.Product);
        if (payload.Comment is not null)
        {
            writer.WriteString("comment", payload.Comment);
        }
    }
}

/// <summary>The body of <c>POST /api/v1/lead-submissions</c>, which the baseline endpoint reads too.</summary>
internal static class LeadSubmissionBody
{
    public const string Source = "partner";

    public static void Write(Utf8JsonWriter writer, LeadPayload payload)
    {
        writer.WriteString("fullName", payload.Contact.FullName);
        writer.WriteString("phone", payload.Contact.Phone);
        if (payload.Contact.Email is not null)
        {
            writer.WriteString("email", payload.Contact.Email);
        }

        writer.WriteString("city", payload.Contact.City);
        writer.WriteString("source", Source);
        LeadTargets.WriteLead(writer, payload);
    }
}

internal sealed class LeadSubmissionsTarget : ILeadTarget
{
    public string Describe => "POST /api/v1/lead-submissions";

    public Task PrepareAsync(string databaseConnection, Partner partner, BenchOptions options, CancellationToken cancellationToken) => Task.CompletedTask;

    public HttpRequestMessage Request(LeadPayload payload, string accessToken) =>
        LeadTargets.Post("/api/v1/lead-submissions", accessToken, writer => LeadSubmissionBody.Write(writer, payload));
}

/// <summary>
/// Today's endpoint: it needs a client id, so the clients of the first <see cref="BenchOptions.ClientPool"/> contacts
/// are copied into the API's database up front (outside the timing), and contact i's lead names client i.
/// </summary>
internal sealed class LeadsTarget : ILeadTarget
{
    private Guid[] _clientIds = [];
    private int _wrapped;

    public string Describe => "POST /api/v1/leads (client ids created up front)";

    /// <summary>Leads sent for a contact past the pool, which reuse a pool client (so count as repeats).</summary>
    public int Wrapped => Volatile.Read(ref _wrapped);

    public async Task PrepareAsync(string databaseConnection, Partner partner, BenchOptions options, CancellationToken cancellationToken)
    {
        _clientIds = new Guid[options.ClientPool];
        await using var connection = new NpgsqlConnection(databaseConnection);
        await connection.OpenAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY clients (id, organization_id, full_name, phone, email, city, source, created_at, updated_at, version) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        copy.Timeout = ImportBenchmark.CopyTimeout;
        var random = new Random(options.Seed);
        for (var i = 0; i < _clientIds.Length; i++)
        {
            // The same e-mail choice as the payload stream makes is irrelevant here: POST /leads reads only the id.
            var contact = LeadPayloads.NewContact(i, withEmail: random.Next(2) == 0);
            _clientIds[i] = Guid.CreateVersion7(now);
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(_clientIds[i], NpgsqlDbType.Uuid, cancellationToken);
            await copy.WriteAsync(partner.OrganizationId, NpgsqlDbType.Uuid, cancellationToken);
            await copy.WriteAsync(contact.FullName, NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(PhoneNumber.Parse(contact.Phone).Value, NpgsqlDbType.Varchar, cancellationToken);
            if (contact.Email is null)
            {
                await copy.WriteNullAsync(cancellationToken);
            }
            else
            {
                await copy.WriteAsync(EmailAddress.Parse(contact.Email).Value, NpgsqlDbType.Varchar, cancellationToken);
            }

            await copy.WriteAsync(contact.City, NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(LeadSubmissionBody.Source, NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
            await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
            await copy.WriteAsync(1, NpgsqlDbType.Integer, cancellationToken);
        }

        await copy.CompleteAsync(cancellationToken);
    }

    public HttpRequestMessage Request(LeadPayload payload, string accessToken)
    {
        if (payload.Contact.Index >= _clientIds.Length)
        {
            Interlocked.Increment(ref _wrapped);
        }

        var clientId = _clientIds[payload.Contact.Index % _clientIds.Length];
        return LeadTargets.Post("/api/v1/leads", accessToken, writer =>
        {
            writer.WriteString("clientId", clientId);
            LeadTargets.WriteLead(writer, payload);
        });
    }
}
