using System.Net;
using System.Text.RegularExpressions;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.TelegramSimulator;
using MakCrm.Testing;
using Npgsql;

namespace MakCrm.IntegrationTests.SubjectRequests;

/// <summary>The API with a Russian SMS provider's stand-in on 127.0.0.1 as its SMS provider; mail retried
/// quickly.</summary>
public abstract class SmsServer : ApiServerFixture
{
    public const string Sender = "MaK";

    protected SmsServer(FakeSmsProviders sms, Func<FakeSmsProviders, Dictionary<string, string>> provider)
        : base(
            new Dictionary<string, string>(provider(sms))
            {
                ["Mak:Sms:BaseAddress"] = sms.BaseAddress.ToString(),
                ["Mak:Sms:Sender"] = Sender,
                ["Mak:Mail:RetryDelay"] = "00:00:00.300",
            }
        ) => Sms = sms;

    public FakeSmsProviders Sms { get; }

    protected static FakeSmsProviders Started() => new FakeSmsProviders().StartAsync().GetAwaiter().GetResult();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Sms.DisposeAsync();
    }
}

/// <summary>SMS through SMS.ru's HTTP API.</summary>
public sealed class SmsRuServer()
    : SmsServer(
        Started(),
        sms => new() { ["Mak:Sms:Provider"] = FakeSmsProviders.SmsRu, ["Mak:Sms:ApiId"] = sms.ApiId }
    );

/// <summary>SMS through SMSC's HTTP API.</summary>
public sealed class SmscServer()
    : SmsServer(
        Started(),
        sms => new()
        {
            ["Mak:Sms:Provider"] = FakeSmsProviders.Smsc,
            ["Mak:Sms:Login"] = sms.SmscLogin,
            ["Mak:Sms:Password"] = sms.SmscPassword,
        }
    );

public sealed class SubjectRequestSmsRuTests(SmsRuServer server)
    : SubjectRequestSmsTests<SmsRuServer>(server, FakeSmsProviders.SmsRu, 220);

public sealed class SubjectRequestSmscTests(SmscServer server)
    : SubjectRequestSmsTests<SmscServer>(server, FakeSmsProviders.Smsc, 9);

/// <summary>
/// A subject request verified by a code sent by SMS to the phone on record: the code goes
/// through the outbox to the client's number (never one the asker gives), answers only as a <c>phone_code</c>, and an
/// SMS the provider refuses is retried until it takes it — through each provider's wire format.
/// </summary>
public abstract partial class SubjectRequestSmsTests<TServer>(TServer server, string provider, int serviceFault)
    : ApiTest(server),
        IClassFixture<TServer>
    where TServer : SmsServer
{
    private const string Path = "/api/v1/subject-requests";

    [GeneratedRegex(@"\b(\d{6})\b")]
    private static partial Regex SixDigits();

    private async Task<(string Id, string Phone)> Request()
    {
        var phone = UniquePhone();
        var client = Id(await CreateClient(phone: phone));
        var request = await ExpectJson(
            await Post(Path, new { clientId = client, kind = "access", channel = "cabinet" }),
            HttpStatusCode.Created
        );
        return (Id(request), phone);
    }

    private async Task<object?> Scalar(string sql)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>The outbox row's status once the sender has recorded it: the provider has the SMS a moment before the
    /// sender's update commits.</summary>
    private async Task<object?> SettledStatus(string row)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var status = await Scalar($"SELECT status {row}");
        while (status is "pending" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            status = await Scalar($"SELECT status {row}");
        }

        return status;
    }

    [Fact]
    public async Task A_code_sent_by_sms_to_the_phone_on_record_verifies_the_request_as_a_phone_code_only()
    {
        var (id, phone) = await Request();
        var sent = await ExpectJson(
            await Http.PostAsync($"{Path}/{id}/verification-code?channel=sms", null),
            HttpStatusCode.Accepted
        );
        sent["channel"]!.GetValue<string>().Should().Be("sms");
        sent["sentTo"]!.GetValue<string>().Should().Be($"+7{new string('*', phone.Length - 6)}{phone[^4..]}");

        var sms = await server.Sms.NextTo(phone);
        sms.Provider.Should().Be(provider);
        sms.To.Should().Be(phone.TrimStart('+'), "the providers take the number as digits");
        sms.From.Should().Be(SmsServer.Sender);
        sms.Text.Should().Contain("персональных данных");
        FakeSmsProviders.Parts(sms.Text).Should().Be(1);
        var code = SixDigits().Match(sms.Text).Groups[1].Value;

        await ExpectProblem(
            await Send(HttpMethod.Post, $"{Path}/{id}/verification", Json(new { method = "email_code", code }),
                ifMatch: "\"1\""),
            HttpStatusCode.BadRequest,
            "subject_request_code_invalid"
        );
        var verified = await ExpectJson(
            await Send(HttpMethod.Post, $"{Path}/{id}/verification", Json(new { method = "phone_code", code }),
                ifMatch: "\"1\""),
            HttpStatusCode.OK
        );
        verified["status"]!.GetValue<string>().Should().Be("verified");
        verified["verificationMethod"]!.GetValue<string>().Should().Be("phone_code");

        var row = $"FROM mail_outbox WHERE to_address = '{phone}'";
        (await Scalar($"SELECT channel {row}")).Should().Be("sms");
        (await SettledStatus(row)).Should().Be("sent");
        (await Scalar($"SELECT \"values\"::text {row}")).Should().Be("{}", "the code is not kept once sent");
    }

    [Fact]
    public async Task An_sms_the_provider_refuses_is_retried_until_it_is_taken()
    {
        var (id, phone) = await Request();
        server.Sms.FailNext(serviceFault);

        await ExpectJson(
            await Http.PostAsync($"{Path}/{id}/verification-code?channel=sms", null),
            HttpStatusCode.Accepted
        );

        (await server.Sms.NextTo(phone)).Text.Should().MatchRegex(@"\d{6}");
        var row = $"FROM mail_outbox WHERE to_address = '{phone}'";
        (await SettledStatus(row)).Should().Be("sent");
        (await Scalar($"SELECT attempts {row}")).Should().Be(2);
        await ExpectProblem(
            await Http.PostAsync($"{Path}/{id}/verification-code?channel=fax", null),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
    }
}
