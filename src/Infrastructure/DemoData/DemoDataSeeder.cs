using MakCrm.Application.Common;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Leads;
using MakCrm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MakCrm.Infrastructure.DemoData;

/// <summary>
/// Fills an empty database with a few hundred realistic Russian clients and leads for `./mak run`. The data is the
/// same on every machine (a fixed random seed), and nothing is written when clients already exist.
/// </summary>
public sealed partial class DemoDataSeeder(MakCrmDbContext db, TimeProvider clock, ILogger<DemoDataSeeder> logger)
{
    public const int ClientCount = 300;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Clients.IgnoreQueryFilters().AnyAsync(cancellationToken))
        {
            Skipped(logger);
            return;
        }

        var random = new Random(20261121);
        var now = clock.UtcNowMicroseconds();
        var clients = new List<Client>(ClientCount);
        var leads = new List<Lead>();
        for (var i = 0; i < ClientCount; i++)
        {
            var createdAt = now.AddMinutes(-random.Next(1, 90 * 24 * 60));
            var client = Client.Create(Guid.CreateVersion7(createdAt), RandomClient(random, i), createdAt);
            clients.Add(client);
            for (var l = random.Next(0, 4); l > 0; l--)
            {
                var leadCreatedAt = createdAt.AddMinutes(random.Next(0, 7 * 24 * 60));
                if (leadCreatedAt > now)
                {
                    leadCreatedAt = now;
                }

                leads.Add(Lead.Create(Guid.CreateVersion7(leadCreatedAt), client.Id, RandomLead(random), leadCreatedAt));
            }
        }

        db.Clients.AddRange(clients);
        db.Leads.AddRange(leads);
        await db.SaveChangesAsync(cancellationToken);
        Seeded(logger, clients.Count, leads.Count);
    }

    private static ClientDetails RandomClient(Random random, int index)
    {
        var male = random.Next(2) == 0;
        var surname = Pick(random, Names.Surnames);
        var fullName = male
            ? $"{surname} {Pick(random, Names.MaleFirstNames)} {Pick(random, Names.MalePatronymics)}"
            : $"{surname}а {Pick(random, Names.FemaleFirstNames)} {Pick(random, Names.FemalePatronymics)}";
        // Unique by construction: the index fills three digits, the rest is random.
        var phone = PhoneNumber.Parse($"+79{(100 + index) % 1000:000}{random.Next(0, 1_000_000):000000}");
        EmailAddress? email = random.Next(4) == 0
            ? null
            : EmailAddress.Parse($"{Names.Translit(surname)}.{index}@{Pick(random, Names.MailDomains)}");
        return new ClientDetails(fullName, phone, email, Pick(random, Names.Cities), Pick(random, Enum.GetValues<ClientSource>()));
    }

    private static LeadDetails RandomLead(Random random)
    {
        var product = Pick(random, Enum.GetValues<LoanProduct>());
        var amount = product switch
        {
            LoanProduct.Mortgage => random.Next(15, 300) * 50_000m,
            LoanProduct.Business => random.Next(10, 400) * 25_000m,
            LoanProduct.Auto => random.Next(6, 80) * 50_000m,
            LoanProduct.Refinancing => random.Next(5, 200) * 20_000m,
            _ => random.Next(5, 100) * 10_000m,
        };
        var status = Pick(random, Enum.GetValues<LeadStatus>());
        return new LeadDetails(amount, product, Pick(random, Names.Comments), status, null);
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data seeded: {Clients} clients, {Leads} leads")]
    private static partial void Seeded(ILogger logger, int clients, int leads);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data skipped: the database already has clients")]
    private static partial void Skipped(ILogger logger);
}
