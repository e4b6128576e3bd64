using MakCrm.Application.Abstractions.Mail;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Infrastructure.Mail;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MakCrm.IntegrationTests.People;

/// <summary>The mail outbox and its sender, against the real database and the fixture's SMTP listener.</summary>
public sealed class MailOutboxTests(MailOutboxTests.Fixture server) : IClassFixture<MailOutboxTests.Fixture>, IAsyncLifetime
{
    /// <summary>Retries come quickly and give up after three attempts, so that a test sees both.</summary>
    public sealed class Fixture() : ApiServerFixture(new Dictionary<string, string>
    {
        ["Mak:Mail:RetryDelay"] = "00:00:00.300",
        ["Mak:Mail:MaxAttempts"] = "3",
    });

    public Task InitializeAsync()
    {
        server.Mail.Refusing = false;
        return server.ResetDatabaseAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_rolled_back_command_writes_no_mail_and_a_committed_one_is_sent()
    {
        var rolledBack = NewAddress();
        var committed = NewAddress();

        await WriteMailAsync(rolledBack, commit: false);
        await WriteMailAsync(committed, commit: true);

        var mail = await server.Mail.NextMailToAsync(committed);
        mail.Subject.Should().StartWith("Регистрация одобрена");
        (await CountAsync($"SELECT count(*)::int FROM mail_outbox WHERE to_address = '{rolledBack}'")).Should().Be(0);
        (await server.Mail.AnyMailToWithinAsync(rolledBack, TimeSpan.FromMilliseconds(500))).Should().BeFalse();
    }

    [Fact]
    public async Task Senders_claiming_together_never_send_one_mail_twice()
    {
        var addresses = Enumerable.Range(0, 40).Select(_ => NewAddress()).ToList();
        await server.WithServicesAsync(async services =>
        {
            foreach (var address in addresses)
            {
                services.GetRequiredService<IMailOutbox>().Add(new MailDraft(address, "registration_approved", new Dictionary<string, object?> { ["organizationName"] = "Гонка" }));
            }

            return await services.GetRequiredService<MakCrmDbContext>().SaveChangesAsync();
        });

        // Two more senders, as two more instances would have, race the fixture's own worker.
        var senders = Enumerable.Range(0, 2).Select(_ => NewSender()).ToList();
        await Task.WhenAll(senders.Select(async sender =>
        {
            while ((await sender.SendDueAsync(CancellationToken.None)).Claimed > 0)
            {
            }
        }));

        foreach (var address in addresses)
        {
            await server.Mail.NextMailToAsync(address);
        }

        await Task.Delay(500);
        var ids = server.Mail.All.Where(m => addresses.Contains(m.To)).Select(m => m.Headers["X-Mak-Mail-Id"]).ToList();
        ids.Should().HaveCount(40).And.OnlyHaveUniqueItems();
        (await CountAsync("SELECT count(*)::int FROM mail_outbox WHERE status = 'sent' AND attempts = 1 AND \"values\" = '{}'::jsonb")).Should().Be(40);
    }

    [Fact]
    public async Task A_mail_the_server_refuses_is_retried_later_and_given_up_after_its_attempts()
    {
        server.Mail.Refusing = true;
        var retried = NewAddress();
        await WriteMailAsync(retried, commit: true);
        await WaitUntilAsync(() => CountAsync($"SELECT count(*)::int FROM mail_outbox WHERE to_address = '{retried}' AND attempts >= 1 AND status = 'pending' AND last_error IS NOT NULL"));

        server.Mail.Refusing = false;
        await server.Mail.NextMailToAsync(retried);
        await WaitUntilAsync(() => CountAsync($"SELECT count(*)::int FROM mail_outbox WHERE to_address = '{retried}' AND status = 'sent' AND attempts >= 2"));

        server.Mail.Refusing = true;
        var abandoned = NewAddress();
        await WriteMailAsync(abandoned, commit: true);
        await WaitUntilAsync(() => CountAsync($"SELECT count(*)::int FROM mail_outbox WHERE to_address = '{abandoned}' AND status = 'failed' AND attempts = 3"));
        server.Mail.Refusing = false;
        (await server.Mail.AnyMailToWithinAsync(abandoned, TimeSpan.FromSeconds(1))).Should().BeFalse();
    }

    [Fact]
    public void Every_template_renders_in_russian_as_text_and_html()
    {
        foreach (var name in MailTemplates.Names)
        {
            var mail = MailTemplates.Render(name, """{"fullName":"<Анна>","organizationName":"ООО «Ромашка»","reason":"Нет","token":"abc","roleName":"гость","minutes":30,"expiresAt":"01.01.2027 10:00 (МСК)"}""", "https://cabinet.example/");
            mail.Subject.Should().NotBeNullOrWhiteSpace().And.MatchRegex("[А-Яа-я]");
            mail.Html.Should().StartWith("<!DOCTYPE html>").And.NotContain("<Анна>");
            mail.Text.Should().NotContain("&lt;");
        }
    }

    [Fact]
    public void Every_sms_template_renders_in_russian_within_one_cyrillic_part()
    {
        MailTemplates.SmsNames.Should().NotBeEmpty();
        foreach (var name in MailTemplates.SmsNames)
        {
            var text = MailTemplates.RenderSms(name, """{"fullName":"Анна","code":"123456","minutes":30}""");
            text.Should().MatchRegex("[А-Яа-я]").And.NotContain("{{");
            text.Length.Should().BeLessThanOrEqualTo(70, "an SMS of Cyrillic text is one part up to 70 characters");
        }
    }

    private MailSender NewSender() => new(
        server.Services.GetRequiredService<NpgsqlDataSource>(),
        server.Services.GetRequiredService<IMailTransport>(),
        server.Services.GetRequiredService<MakCrm.Infrastructure.Sms.ISmsGateway>(),
        server.Services.GetRequiredService<IOptions<MailOptions>>(),
        TimeProvider.System,
        NullLogger<MailSender>.Instance);

    private Task WriteMailAsync(string to, bool commit) =>
        server.WithServicesAsync(async services =>
        {
            var unitOfWork = services.GetRequiredService<IUnitOfWork>();
            await using var transaction = await unitOfWork.BeginAsync(CancellationToken.None);
            services.GetRequiredService<IMailOutbox>().Add(new MailDraft(to, "registration_approved", new Dictionary<string, object?> { ["organizationName"] = "Ромашка" }));
            await unitOfWork.SaveChangesAsync(CancellationToken.None);
            if (commit)
            {
                await transaction.CommitAsync(CancellationToken.None);
            }

            return 0;
        });

    private async Task<int> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitUntilAsync(Func<Task<int>> count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await count() == 0)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the outbox should have reached the state by now");
            await Task.Delay(100);
        }
    }

    private static string NewAddress() => $"outbox-{Guid.NewGuid():N}@mail.example";
}
