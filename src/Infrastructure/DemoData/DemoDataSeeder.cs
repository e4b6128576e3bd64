using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Common;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Access;
using MakCrm.Domain.Auction;
using MakCrm.Domain.Banks;
using MakCrm.Domain.Clients;
using MakCrm.Domain.CreditProgrammes;
using MakCrm.Domain.Deals;
using MakCrm.Domain.Invoices;
using MakCrm.Domain.Knowledge;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Organizations;
using MakCrm.Domain.Pipelines;
using MakCrm.Domain.Targets;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;

namespace MakCrm.Infrastructure.DemoData;

/// <summary>
/// Fills an empty database for `./mak run`: two partner companies and a franchisee, one user per role (all with the
/// password <see cref="Password"/> and two-factor authentication off, so that the demo can be used at once), and a
/// few hundred realistic Russian clients and leads spread over the organizations, two dozen deals in the default
/// pipeline (some won this month, the open ones with expected close dates and probabilities) and monthly targets
/// for the organizations and a partner user; head office's, the franchisee's and Partner Alpha's requisites, so that
/// invoices, contracts and acts generate at once; and a few FAQ entries. The data is the same on every machine (a
/// fixed random seed), and nothing is written when clients already exist (requisites: when the organization has
/// none; the FAQ: when it is empty).
/// </summary>
[Scoped]
public sealed partial class DemoDataSeeder(
    MakCrmDbContext db,
    UserManager<MakUser> users,
    IMarkdownRenderer markdown,
    TimeProvider clock,
    ILogger<DemoDataSeeder> logger
)
{
    public const int ClientCount = 300;
    public const string Password = "Demo-Password-2026";

    /// <summary>The Telegram bot's API client (<c>telegram.bot</c>, head office's), which <c>./mak bot</c> signs in
    /// as.</summary>
    public const string BotClientId = "mak-telegram-bot";

    /// <summary>The demo bot client's secret: a demo credential like <see cref="Password"/>, printed by <c>./mak
    /// run</c>.</summary>
    public const string BotClientSecret = "Demo-Bot-Secret-2026";

    /// <summary>What the demo bot client holds: its own role, the event feed, and the knowledge base (read as the
    /// public).</summary>
    public static readonly string[] BotClientScopes =
    [
        Permissions.TelegramBot,
        Permissions.EventsRead,
        Permissions.KnowledgeRead,
    ];

    public static readonly Guid PartnerAlphaId = new("0192f0c1-0000-7000-8000-0000000000b1");
    public static readonly Guid PartnerBetaId = new("0192f0c1-0000-7000-8000-0000000000b2");
    public static readonly Guid FranchiseeNorthId = new("0192f0c1-0000-7000-8000-0000000000b3");

    /// <summary>The demo users: e-mail, role, organization.</summary>
    public static readonly (string Email, string Role, Guid Organization, string Name)[] Users =
    [
        ("admin@demo.mak", Roles.Admin, Organization.HeadOfficeId, "Админова Анна"),
        ("employee@demo.mak", Roles.Employee, Organization.HeadOfficeId, "Сотрудников Сергей"),
        ("partner.alpha@demo.mak", Roles.Partner, PartnerAlphaId, "Партнёров Павел"),
        ("partner.beta@demo.mak", Roles.Partner, PartnerBetaId, "Бетова Белла"),
        ("franchisee@demo.mak", Roles.Franchisee, FranchiseeNorthId, "Франшизов Фёдор"),
        ("guest@demo.mak", Roles.Guest, Organization.HeadOfficeId, "Гостев Глеб"),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNowMicroseconds();
        await SeedOrganizationsAndUsersAsync(now);
        await SeedRequisitesAsync(now, cancellationToken);
        await SeedFaqAsync(now, cancellationToken);
        await SeedCatalogueAsync(now, cancellationToken);
        await SeedCreditProgrammesAsync(now, cancellationToken);
        if (await db.Set<Client>().IgnoreQueryFilters().AnyAsync(cancellationToken))
        {
            Skipped(logger);
            return;
        }

        var random = new Random(20261121);
        var statuses = await db.Set<LeadStatus>()
            .OrderBy(s => s.Position)
            .Select(s => s.Code)
            .ToListAsync(cancellationToken);
        var demo = new LeadActor(null, null);
        Guid[] owners = [Organization.HeadOfficeId, PartnerAlphaId, PartnerBetaId, FranchiseeNorthId];
        var clients = new List<Client>(ClientCount);
        var leads = new List<Lead>();
        for (var i = 0; i < ClientCount; i++)
        {
            var createdAt = now.AddMinutes(-random.Next(1, 90 * 24 * 60));
            var owner = owners[random.Next(owners.Length)];
            var client = Client.Create(
                Guid.CreateVersion7(createdAt),
                owner,
                RandomClient(random, i, createdAt, now),
                createdAt
            );
            clients.Add(client);
            for (var l = random.Next(0, 4); l > 0; l--)
            {
                var leadCreatedAt = createdAt.AddMinutes(random.Next(0, 7 * 24 * 60));
                if (leadCreatedAt > now)
                {
                    leadCreatedAt = now;
                }

                leads.Add(
                    Lead.Create(
                        Guid.CreateVersion7(leadCreatedAt),
                        client.Id,
                        owner,
                        RandomLead(random, statuses),
                        demo,
                        leadCreatedAt
                    )
                );
            }
        }

        db.Set<Client>().AddRange(clients);
        db.Set<Lead>().AddRange(leads);
        db.Set<Deal>().AddRange(await DemoDealsAsync(random, leads, demo, now, cancellationToken));
        db.Set<SalesTarget>().AddRange(await DemoTargetsAsync(now));

        // The auction: a live lot on a head-office lead in the auction status.
        if (
            leads.FirstOrDefault(l => l.OrganizationId == Organization.HeadOfficeId && l.Status == "auction") is
            { } auctioned
        )
        {
            db.Set<Lot>()
                .Add(
                    Domain.Auction.Lot.Create(
                        Guid.CreateVersion7(now),
                        auctioned.Id,
                        new Domain.Auction.LotTerms(1500m, 100m, null, now, now.AddDays(1), [], []),
                        round: 1,
                        previousLotId: null,
                        now
                    )
                );
        }

        // The demo franchisee can bid at once: a starting deposit (under its ledger lock, as every entry) and a grade.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ledger = new Ledger(db, new NoEvents());
        await ledger.LockAsync(FranchiseeNorthId, cancellationToken);
        ledger.Add(
            Domain.Ledger.LedgerEntry.Deposit(
                Guid.CreateVersion7(now),
                FranchiseeNorthId,
                100_000m,
                "Демо: стартовый депозит",
                null,
                now
            )
        );
        (await db.Set<Organization>().FirstAsync(o => o.Id == FranchiseeNorthId, cancellationToken)).SetGrade(
            "gold",
            now
        );
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Seeded(logger, clients.Count, leads.Count);
    }

    /// <summary>
    /// The requisites documents are generated from: head office's (Sberbank's published ones, the account keyed to the
    /// БИК), the franchisee's and Partner Alpha's, each only while the organization has no ИНН, so that edits stay.
    /// </summary>
    private async Task SeedRequisitesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var organizations = await db.Set<Organization>()
            .Where(o => o.Inn == null && Requisites.Keys.Contains(o.Id))
            .ToListAsync(cancellationToken);
        foreach (var organization in organizations)
        {
            var edited = organization.EditProfile(Requisites[organization.Id](organization.Profile), now);
            if (!edited.IsSuccess)
            {
                throw new InvalidOperationException($"Demo requisites refused: {edited.Error!.Message}");
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static readonly Dictionary<Guid, Func<OrganizationProfile, OrganizationProfile>> Requisites = new()
    {
        [Organization.HeadOfficeId] = p =>
            p with
            {
                LegalName = "ООО «МаК Финанс»",
                LegalForm = LegalForm.Ooo,
                Inn = "7707083893",
                Kpp = "773601001",
                Ogrn = "1027700132195",
                LegalAddress = "117312, г. Москва, ул. Вавилова, д. 19",
                BankName = "ПАО Сбербанк",
                Bik = "044525225",
                CorrespondentAccount = "30101810400000000225",
                SettlementAccount = "40702810400000000225",
                SignatoryName = "Иванов Иван Иванович",
                SignatoryPosition = "Генеральный директор",
                SignatoryBasis = "Устава",
                TaxRegime = TaxRegime.Osno,
            },
        [FranchiseeNorthId] = p =>
            p with
            {
                LegalName = "ИП Петров Пётр Петрович",
                LegalForm = LegalForm.Ip,
                Inn = "500100732259",
                LegalAddress = "г. Санкт-Петербург, Невский пр., д. 1",
                SignatoryName = "Петров Пётр Петрович",
                SignatoryPosition = "Индивидуальный предприниматель",
                SignatoryBasis = "свидетельства",
            },
        [PartnerAlphaId] = p =>
            p with
            {
                LegalName = "ООО «Альфа Финанс»",
                LegalForm = LegalForm.Ooo,
                Inn = "7736207543",
                Kpp = "770401001",
                Ogrn = "1027700229193",
                LegalAddress = "119021, г. Москва, ул. Льва Толстого, д. 16",
                SignatoryName = "Альфин Андрей Андреевич",
                SignatoryPosition = "Генеральный директор",
                SignatoryBasis = "Устава",
                TaxRegime = TaxRegime.UsnIncome,
            },
    };

    /// <summary>A section of the questions partners and franchisees ask first, for everyone, while the FAQ is
    /// empty.</summary>
    private async Task SeedFaqAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await db.Set<FaqEntry>().IgnoreQueryFilters().AnyAsync(cancellationToken))
        {
            return;
        }

        var section = KnowledgeSection.Create(Guid.CreateVersion7(now), "Частые вопросы", 0, now);
        db.Set<KnowledgeSection>().Add(section);
        var position = 0;
        foreach (var (question, answer) in Faq)
        {
            var content = new FaqContent(
                section.Id,
                question,
                answer,
                markdown.ToSafeHtml(answer),
                position++,
                Visibility.Everyone
            );
            db.Set<FaqEntry>().Add(FaqEntry.Create(Guid.CreateVersion7(now), content, now));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Head office's services, for invoice lines, while the catalogue is empty.</summary>
    private async Task SeedCatalogueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await db.Set<CatalogueItem>().IgnoreQueryFilters().AnyAsync(cancellationToken))
        {
            return;
        }

        var position = 0;
        foreach (var (name, unit, price) in Catalogue)
        {
            var settings = new CatalogueItemSettings(name, unit, price, null, position += 10, false);
            db.Set<CatalogueItem>().Add(CatalogueItem.Create(Guid.CreateVersion7(now), settings, now));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Two programmes of each bank of the bank list, while there are none: most limit only the product and
    /// the amount, so that demo leads match them; some ask for the term, age, income or region, which a lead's
    /// matches then name as needed.</summary>
    private async Task SeedCreditProgrammesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await db.Set<CreditProgramme>().IgnoreQueryFilters().AnyAsync(cancellationToken))
        {
            return;
        }

        var banks = await db.Set<Bank>().Select(b => b.Code).ToListAsync(cancellationToken);
        foreach (var (bank, name, terms, documents) in DemoCreditProgrammes.Where(p => banks.Contains(p.Bank)))
        {
            var settings = new CreditProgrammeSettings(name, terms, documents, false);
            db.Set<CreditProgramme>().Add(CreditProgramme.Create(Guid.CreateVersion7(now), bank, settings, now));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static readonly DateOnly ProgrammesFrom = new(2026, 1, 1);

    private static readonly string[] Passport = ["Паспорт РФ"];

    private static readonly string[] IncomeDocuments = ["Паспорт РФ",
        "Справка о доходах (2-НДФЛ или по форме банка)"];

    private static readonly (string Bank, string Name, CreditProgrammeTerms Terms, string[] Documents)[]
        DemoCreditProgrammes =
        [
            ("sberbank", "Кредит наличными", Terms(LoanProduct.Consumer, 14.9m, 29.9m, 30_000m,
                5_000_000m, 1.5m),
                Passport),
            ("sberbank", "Ипотека на готовое жильё",
                Terms(LoanProduct.Mortgage, 16.5m, 21.5m, 300_000m, 30_000_000m, 0.8m) with
                {
                    TermMinMonths = 12, TermMaxMonths = 360, AgeMin = 21, AgeMax = 75,
                },
                [.. IncomeDocuments, "Договор купли-продажи"]),
            ("vtb", "Автокредит", Terms(LoanProduct.Auto, 9.9m, 19.9m, 200_000m, 5_000_000m, 2m), Passport),
            ("vtb", "Рефинансирование", Terms(LoanProduct.Refinancing, 12.5m, 22m, 100_000m,
                7_000_000m, 1.2m),
                [.. IncomeDocuments, "Справка об остатке долга"]),
            ("alfabank", "Кредит наличными", Terms(LoanProduct.Consumer, 13.99m, 33.99m, 50_000m,
                7_500_000m, 1.8m)
                with { AgeMin = 21, AgeMax = 70 }, IncomeDocuments),
            ("alfabank", "Кредит для бизнеса", Terms(LoanProduct.Business, 16m, 25m, 500_000m,
                10_000_000m, 2.5m)
                with { Regions = ["77", "78"] }, ["Паспорт РФ", "Выписка из ЕГРЮЛ",
                    "Выписка по счёту"]),
            ("gazprombank", "Семейная ипотека", Terms(LoanProduct.Mortgage, 6m, 6m, 500_000m,
                12_000_000m, 1m)
                with { IncomeMin = 40_000m }, [.. IncomeDocuments,
                    "Свидетельство о рождении ребёнка"]),
            ("gazprombank", "Автокредит", Terms(LoanProduct.Auto, 11.5m, 18m, 300_000m, 6_000_000m, 1.7m),
                Passport),
            ("tbank", "Кредит наличными", Terms(LoanProduct.Consumer, 16m, 25m, 100_000m, 5_000_000m,
                2.2m), Passport),
            ("tbank", "Кредит для бизнеса", Terms(LoanProduct.Business, 18m, 28m, 300_000m, 5_000_000m,
                3m),
                ["Паспорт РФ", "Выписка по счёту"]),
        ];

    private static CreditProgrammeTerms Terms(
        LoanProduct product,
        decimal rateMin,
        decimal rateMax,
        decimal amountMin,
        decimal amountMax,
        decimal commissionPercent
    ) =>
        new(product, rateMin, rateMax, amountMin, amountMax, null, null, null, null, null, [], ProgrammesFrom, null,
            commissionPercent);

    private static readonly (string Name, string Unit, decimal Price)[] Catalogue =
    [
        ("Пакет из 10 лидов", "пакет", 25_000m),
        ("Подключение к CRM-системе МаК", "усл.", 15_000m),
        ("Обучение менеджеров франчайзи", "чел.", 5_000m),
    ];

    private static readonly (string Question, string Answer)[] Faq =
    [
        (
            "Как передать клиента в МаК?",
            "Создайте клиента и лид в кабинете или отправьте заявку через бота: лид появится у вас в статусе «Новый»."
        ),
        (
            "Когда начисляется комиссия?",
            "Комиссия начисляется, когда по сделке клиента выдан кредит; её видно в кабинете вместе с выплатами."
        ),
        (
            "Как пополнить баланс франчайзи?",
            "Сформируйте в кабинете счёт на пополнение и оплатите его: деньги зачислит головной офис."
        ),
        (
            "Можно ли вернуть купленный лид?",
            "Да, в течение 72 часов после покупки, указав причину; решение принимает головной офис."
        ),
    ];

    /// <summary>
    /// Deals for the first leads of each organization in the first pipeline (the seeded one): the first and the fourth
    /// won now, so that this month's targets show attainment at once; the others in its stages at random, the open
    /// ones expected to close within four months, most at a probability of their own. Partner Alpha's are its
    /// user's.
    /// </summary>
    private async Task<List<Deal>> DemoDealsAsync(
        Random random,
        List<Lead> leads,
        LeadActor demo,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var pipeline = await db.Set<Pipeline>()
            .OrderBy(p => p.Position)
            .Select(p => p.Id)
            .FirstAsync(cancellationToken);
        var stages = await db.Set<PipelineStage>()
            .Where(s => s.PipelineId == pipeline)
            .OrderBy(s => s.Position)
            .ToListAsync(cancellationToken);
        var won = stages.Single(s => s.Kind == StageKind.Won);
        var alphaUser = (await users.FindByEmailAsync(Users[2].Email))?.Id;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, MoscowTime).DateTime);
        string[] banks = ["Сбербанк", "ВТБ", "Альфа-Банк", "Газпромбанк", "Совкомбанк"];
        int?[] probabilities = [null, 30, 50, 70, 90];
        return leads
            .GroupBy(l => l.OrganizationId)
            .SelectMany(g => g.Take(6).Select((lead, i) => (Lead: lead, Won: i % 3 == 0)))
            .Select(d =>
            {
                var stage = d.Won ? won : stages[random.Next(stages.Count)];
                var open = !stage.ClosesDeals;
                return Deal.Create(
                    Guid.CreateVersion7(now),
                    d.Lead.OrganizationId,
                    d.Lead.ClientId,
                    new DealDetails(
                        d.Lead.Id,
                        $"Кредит {d.Lead.RequestedAmount:N0} ₽",
                        d.Lead.RequestedAmount ?? 0m,
                        banks[random.Next(banks.Length)],
                        d.Lead.Product ?? LoanProduct.Consumer,
                        d.Lead.OrganizationId == PartnerAlphaId ? alphaUser : null,
                        open ? today.AddDays(random.Next(0, 120)) : null,
                        open ? probabilities[random.Next(probabilities.Length)] : null
                    ),
                    stage,
                    demo,
                    now
                );
            })
            .ToList();
    }

    /// <summary>
    /// Monthly targets for this month (in Moscow time) and the next two: each partner's and the franchisee's, and
    /// Partner Alpha's user's, so that the forecast and the dashboards show attainment at once.
    /// </summary>
    private async Task<List<SalesTarget>> DemoTargetsAsync(DateTimeOffset now)
    {
        var alphaUser = (await users.FindByEmailAsync(Users[2].Email))?.Id;
        var local = TimeZoneInfo.ConvertTime(now, MoscowTime);
        var first = new DateOnly(local.Year, local.Month, 1);
        var targets = new List<SalesTarget>();
        for (var m = 0; m < 3; m++)
        {
            var month = first.AddMonths(m);
            targets.Add(SalesTarget.Set(Guid.CreateVersion7(now), PartnerAlphaId, null, month, 3_000_000m, 3, now));
            targets.Add(SalesTarget.Set(Guid.CreateVersion7(now), PartnerBetaId, null, month, 2_000_000m, 2, now));
            targets.Add(SalesTarget.Set(Guid.CreateVersion7(now), FranchiseeNorthId, null, month, 5_000_000m, 4, now));
            if (alphaUser is { } user)
            {
                targets.Add(SalesTarget.Set(Guid.CreateVersion7(now), PartnerAlphaId, user, month, 1_500_000m, 2, now));
            }
        }

        return targets;
    }

    private static readonly TimeZoneInfo MoscowTime = TimeZoneInfo.FindSystemTimeZoneById(
        Application.Deals.Forecast.TimeZone
    );

    private async Task SeedOrganizationsAndUsersAsync(DateTimeOffset now)
    {
        // The demo must be usable at once: its admins and employees sign in without two-factor authentication.
        // Only when the demo users are first made, so that an admin who turns the requirement back on keeps it.
        var firstRun = await users.FindByEmailAsync(Users[0].Email) is null;
        var enforced = firstRun ? await db.Roles.Where(r => r.RequiresTwoFactor).ToListAsync() : [];
        if (enforced.Count > 0)
        {
            enforced.ForEach(r => r.RequiresTwoFactor = false);
            await db.SaveChangesAsync();
            TwoFactorSwitchedOff(logger, string.Join(", ", enforced.Select(r => r.Name)));
        }

        if (!await db.Set<Organization>().AnyAsync(o => o.Id == PartnerAlphaId))
        {
            db.Set<Organization>()
                .AddRange(
                    Organization.CreateActive(
                        PartnerAlphaId,
                        OrganizationKind.Partner,
                        "ООО «Альфа Финанс»",
                        now,
                        "Москва"
                    ),
                    Organization.CreateActive(
                        PartnerBetaId,
                        OrganizationKind.Partner,
                        "ИП Бетова Б. Б.",
                        now,
                        "Казань"
                    ),
                    Organization.CreateActive(
                        FranchiseeNorthId,
                        OrganizationKind.Franchisee,
                        "MaK Север",
                        now,
                        "Санкт-Петербург"
                    )
                );
            await db.SaveChangesAsync();
        }

        foreach (var (email, role, organization, name) in Users)
        {
            if (await users.FindByEmailAsync(email) is not null)
            {
                continue;
            }

            var user = new MakUser
            {
                Id = Guid.CreateVersion7(now),
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                FullName = name,
                OrganizationId = organization,
                CreatedAt = now,
            };
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded || !(await users.AddToRoleAsync(user, role)).Succeeded)
            {
                throw new InvalidOperationException(
                    $"Demo user {email} could not be created: "
                        + $"{string.Join(" ", created.Errors.Select(e => e.Description))}"
                );
            }

            // The first demo user of a partner or franchisee owns it, as the registrant of a real one does.
            (await db.Set<Organization>().FirstAsync(o => o.Id == organization)).ClaimOwnership(user.Id, now);
            await db.SaveChangesAsync();
        }

        if (!await db.Set<ApiClient>().AnyAsync(c => c.ClientId == BotClientId))
        {
            db.Set<ApiClient>()
                .Add(
                    new ApiClient
                    {
                        ClientId = BotClientId,
                        Name = "Telegram-бот",
                        IsConfidential = true,
                        SecretHash = SecretHash.Of(BotClientSecret),
                        OrganizationId = Organization.HeadOfficeId,
                        Scopes = [.. BotClientScopes],
                        IsEnabled = true,
                        CreatedAt = now,
                    }
                );
            await db.SaveChangesAsync();
        }
        else if (
            await db.Set<ApiClient>().SingleAsync(c => c.ClientId == BotClientId) is { } bot
            && BotClientScopes.Except(bot.Scopes).ToList() is { Count: > 0 } missing
        )
        {
            // A database seeded before the bot needed a scope gets it: events.read (the bot follows
            // notification.telegram
            // on the event feed), knowledge.read (the FAQ an unlinked chat reads, as the public:
            // KnowledgeCatalog.ReaderOf).
            bot.Scopes = [.. bot.Scopes, .. missing];
            await db.SaveChangesAsync();
        }
    }

    private static ClientDetails RandomClient(Random random, int index, DateTimeOffset createdAt, DateTimeOffset now)
    {
        var male = random.Next(2) == 0;
        var surname = Pick(random, Names.Surnames);
        var fullName = male
            ? $"{surname} {Pick(random, Names.MaleFirstNames)} {Pick(random, Names.MalePatronymics)}"
            : $"{surname}а {Pick(random, Names.FemaleFirstNames)} {Pick(random, Names.FemalePatronymics)}";
        // Unique by construction: the index fills three digits, the rest is random.
        var phone = PhoneNumber.Parse($"+79{(100 + index) % 1000:000}{random.Next(0, 1_000_000):000000}");
        EmailAddress? email =
            random.Next(4) == 0
                ? null
                : EmailAddress.Parse($"{Names.Translit(surname)}.{index}@{Pick(random, Names.MailDomains)}");
        var tags = Names.Tags.Where(_ => random.Next(4) == 0).ToArray();
        ProcessingMethod? method = random.Next(5) == 0 ? null : Pick(random, Enum.GetValues<ProcessingMethod>());
        var consent =
            random.Next(3) == 0
                ? null
                : new ClientConsent(
                    createdAt,
                    Pick(random, ConsentTextVersions),
                    random.Next(10) == 0 ? createdAt + (now - createdAt) / 2 : null
                );
        return new ClientDetails(
            fullName,
            phone,
            email,
            Pick(random, Names.Cities),
            Pick(random, SeededSources),
            method,
            tags,
            consent
        );
    }

    /// <summary>The client sources that the migration seeds.</summary>
    private static readonly string[] SeededSources =
    [
        "partner",
        "lead_generation",
        "cold_base",
        "external",
        "purchased_base",
    ];

    private static readonly string[] ConsentTextVersions = ["2025-03", "2026-01"];

    private static LeadDetails RandomLead(Random random, IReadOnlyList<string> statuses)
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
        var status = Pick(random, statuses);
        return new LeadDetails(amount, product, Pick(random, Names.Comments), status, null);
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data seeded: {Clients} clients, {Leads} leads")]
    private static partial void Seeded(ILogger logger, int clients, int leads);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Demo: two-factor authentication is no longer required for {Roles}; turn it back on with PUT "
            + "/api/v1/roles/{{role}}/permissions"
    )]
    private static partial void TwoFactorSwitchedOff(ILogger logger, string roles);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Demo clients and leads skipped: the database already has clients"
    )]
    private static partial void Skipped(ILogger logger);

    /// <summary>Demo data is seeded before anyone is listening: its ledger entry raises no event.</summary>
    private sealed class NoEvents : MakCrm.Application.Abstractions.Events.IEventOutbox
    {
        public void Raise<TRecord>(EventPayload<TRecord> type, Guid organizationId, Guid resourceId, TRecord record)
            where TRecord : class { }

        public void Raise<TRecord>(
            EventPayload<TRecord> type,
            Guid organizationId,
            Guid resourceId,
            IAnswersAs<TRecord> resource
        )
            where TRecord : class { }

        public void RaiseDeleted(
            EventPayload<Contracts.DeletedResource> type,
            Guid organizationId,
            Guid resourceId,
            long version
        ) { }
    }
}
