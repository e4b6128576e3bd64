using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Application.Documents.Generation;
using MakCrm.Domain.Notifications;
using MakCrm.Infrastructure.DemoData;
using MakCrm.Infrastructure.Invoices;
using MakCrm.Infrastructure.Persistence;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static MakCrm.IntegrationTests.Documents.GeneratedDocumentTexts;
using static MakCrm.IntegrationTests.Events.EventFeedReading;

namespace MakCrm.IntegrationTests.Invoices;

/// <summary>Invoices that get paid: from the catalogue and free text, paid in parts, cancelled, overdue.</summary>
public sealed class InvoicesApiTests(ApiServerFixture server) : ApiTest(server)
{
    private const string Path = "/api/v1/invoices";
    private static readonly Guid Franchisee = TestActors.FranchiseeOrganization;

    /// <summary>Today as the server dates invoices: in Moscow, where head office keeps its books (from 21:00 UTC it
    /// is already tomorrow there).</summary>
    private static DateOnly Today => DocumentDates.Today(TimeProvider.System);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await FillRequisitesAsync(Http);
    }

    [Fact]
    public async Task Catalogue_and_free_text_lines_make_the_invoice_with_vat_and_its_document()
    {
        var item = await CatalogueItem(25000, vatRatePercent: null);
        var response = await Post(
            Path,
            new
            {
                organizationId = Franchisee,
                lines = new object[]
                {
                    new { catalogueItemId = Id(item), quantity = 2 },
                    new { description = "Пополнение баланса", unitPrice = 10000.5m },
                },
            }
        );
        var invoice = await ExpectJson(response, HttpStatusCode.Created);
        response.Headers.Location!.ToString().Should().Be($"{Path}/{Id(invoice)}");
        ETagOf(response).Should().Be("\"1\"");
        invoice["status"]!.GetValue<string>().Should().Be("issued");
        invoice["total"]!.GetValue<decimal>().Should().Be(60000.5m);
        invoice["amountDue"]!.GetValue<decimal>().Should().Be(60000.5m);
        invoice["paidAmount"]!.GetValue<decimal>().Should().Be(0);
        // VAT 22% included in each line: 50000 × 22 / 122 = 9016.39; 10000.50 × 22 / 122 = 1803.37.
        invoice["vatAmount"]!.GetValue<decimal>().Should().Be(10819.76m);
        var lines = invoice["lines"]!.AsArray();
        lines[0]!["catalogueItemId"]!.GetValue<string>().Should().Be(Id(item));
        lines[0]!["description"]!.GetValue<string>().Should().Be("Пакет из 10 лидов");
        lines[0]!["amount"]!.GetValue<decimal>().Should().Be(50000);
        lines[1]!["catalogueItemId"].Should().BeNull();
        lines[1]!["unit"]!.GetValue<string>().Should().Be("усл.");
        var issuedOn = DateOnly.Parse(
            invoice["issuedOn"]!.GetValue<string>(),
            System.Globalization.CultureInfo.InvariantCulture
        );
        invoice["dueOn"]!
            .GetValue<string>()
            .Should()
            .Be(issuedOn.AddDays(5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        invoice["number"]!.GetValue<string>().Should().MatchRegex("^С-[0-9]{4}-[0-9]{6}$");

        var document = await ExpectJson(
            await Http.GetAsync($"/api/v1/documents/{invoice["documentId"]}"),
            HttpStatusCode.OK
        );
        document["kind"]!.GetValue<string>().Should().Be("invoice");
        document["generatedFrom"]!["input"]!["number"]!
            .GetValue<string>()
            .Should()
            .Be(invoice["number"]!.GetValue<string>());
        document["generatedFrom"]!["input"]!["total"]!.GetValue<decimal>().Should().Be(60000.5m);

        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var own = await ExpectJson(await franchisee.GetAsync($"{Path}/{Id(invoice)}"), HttpStatusCode.OK);
        own["number"]!.GetValue<string>().Should().Be(invoice["number"]!.GetValue<string>());
    }

    [Fact]
    public async Task Payments_make_it_partly_paid_then_paid_each_a_deposit_that_names_it()
    {
        var invoice = await FreeTextInvoice(60000);

        var first = await Pay(Id(invoice), 20000);
        first["invoice"]!["status"]!.GetValue<string>().Should().Be("partly_paid");
        first["invoice"]!["paidAmount"]!.GetValue<decimal>().Should().Be(20000);
        first["invoice"]!["amountDue"]!.GetValue<decimal>().Should().Be(40000);
        first["ledgerEntry"]!["kind"]!.GetValue<string>().Should().Be("deposit");
        first["ledgerEntry"]!["invoiceId"]!.GetValue<string>().Should().Be(Id(invoice));
        first["ledgerEntry"]!["balanceAfter"]!.GetValue<decimal>().Should().Be(20000);

        var over = await ExpectProblem(
            await Post($"{Path}/{Id(invoice)}/payments", new { amount = 40000.01m, comment = "П/п 2" }),
            HttpStatusCode.Conflict,
            "payment_exceeds_amount_due"
        );
        over["amountDue"]!.GetValue<decimal>().Should().Be(40000);

        var second = await Pay(Id(invoice), 40000);
        second["invoice"]!["status"]!.GetValue<string>().Should().Be("paid");
        second["invoice"]!["amountDue"]!.GetValue<decimal>().Should().Be(0);
        var again = await ExpectProblem(
            await Post($"{Path}/{Id(invoice)}/payments", new { amount = 1, comment = "П/п 3" }),
            HttpStatusCode.Conflict,
            "invoice_state"
        );
        again["invoiceStatus"]!.GetValue<string>().Should().Be("paid");

        var balance = await ExpectJson(await Http.GetAsync($"/api/v1/ledger/balances/{Franchisee}"), HttpStatusCode.OK);
        balance["available"]!.GetValue<decimal>().Should().Be(60000, "the refused payments wrote nothing");
        var entries = await ExpectJson(
            await Http.GetAsync($"/api/v1/ledger/entries?organizationId={Franchisee}"),
            HttpStatusCode.OK
        );
        entries["items"]!
            .AsArray()
            .Select(e => e!["invoiceId"]!.GetValue<string>())
            .Should()
            .Equal(Id(invoice), Id(invoice));
    }

    [Fact]
    public async Task Parallel_payments_are_taken_one_after_another_and_never_pay_past_the_total()
    {
        var invoice = await FreeTextInvoice(50000);
        var responses = await Together(
            3,
            i => Post($"{Path}/{Id(invoice)}/payments", new { amount = 20000, comment = $"П/п {i}" })
        );

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(2);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).Should().Be(1);
        var read = await ExpectJson(await Http.GetAsync($"{Path}/{Id(invoice)}"), HttpStatusCode.OK);
        read["paidAmount"]!.GetValue<decimal>().Should().Be(40000);
        read["status"]!.GetValue<string>().Should().Be("partly_paid");
        var balance = await ExpectJson(await Http.GetAsync($"/api/v1/ledger/balances/{Franchisee}"), HttpStatusCode.OK);
        balance["available"]!.GetValue<decimal>().Should().Be(40000);
    }

    [Fact]
    public async Task Only_an_invoice_nothing_was_paid_against_is_cancelled()
    {
        var unpaid = await FreeTextInvoice(1000);
        await ExpectProblem(
            await Send(
                HttpMethod.Post,
                $"{Path}/{Id(unpaid)}/cancel",
                Json(new { reason = "Ошибка" }),
                ifMatch: "\"9\""
            ),
            HttpStatusCode.PreconditionFailed,
            "precondition_failed"
        );
        var cancelled = await ExpectJson(
            await Send(
                HttpMethod.Post,
                $"{Path}/{Id(unpaid)}/cancel",
                Json(new { reason = "Ошибка в сумме" }),
                ifMatch: "\"1\""
            ),
            HttpStatusCode.OK
        );
        cancelled["status"]!.GetValue<string>().Should().Be("cancelled");
        cancelled["amountDue"]!.GetValue<decimal>().Should().Be(0);
        cancelled["cancellationReason"]!.GetValue<string>().Should().Be("Ошибка в сумме");
        cancelled["cancelledAt"].Should().NotBeNull();
        await ExpectProblem(
            await Post($"{Path}/{Id(unpaid)}/cancel", new { reason = "Снова" }),
            HttpStatusCode.Conflict,
            "invoice_state"
        );
        await ExpectProblem(
            await Post($"{Path}/{Id(unpaid)}/payments", new { amount = 10, comment = "П/п" }),
            HttpStatusCode.Conflict,
            "invoice_state"
        );

        var partly = await FreeTextInvoice(1000);
        await Pay(Id(partly), 10);
        var refused = await ExpectProblem(
            await Post($"{Path}/{Id(partly)}/cancel", new { reason = "Ошибка" }),
            HttpStatusCode.Conflict,
            "invoice_state"
        );
        refused["invoiceStatus"]!.GetValue<string>().Should().Be("partly_paid");
        await ExpectProblem(
            await Post($"{Path}/{Id(partly)}/cancel", new { reason = " " }),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
    }

    [Fact]
    public async Task A_passed_due_date_makes_it_overdue_once_and_tells_the_payer_and_head_office()
    {
        var late = await FreeTextInvoice(3000);
        var partly = await FreeTextInvoice(3000);
        var current = await FreeTextInvoice(3000);
        await Pay(Id(partly), 1000);
        await SetDueOn([Id(late), Id(partly)], Today.AddDays(-3));

        (await MarkOverdue()).Should().Be(2);
        (await MarkOverdue()).Should().Be(0, "an overdue invoice is told about once");

        (await Status(late)).Should().Be("overdue");
        (await Status(partly)).Should().Be("overdue");
        (await Status(current)).Should().Be("issued");
        (await Notices(Id(late), Franchisee)).Should().Be(1);
        (await Notices(Id(late), MakCrm.Domain.Organizations.Organization.HeadOfficeId)).Should().BeGreaterThan(0);
        (await Notices(Id(current), Franchisee)).Should().Be(0);

        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var inbox = await ExpectJson(await franchisee.GetAsync("/api/v1/notifications"), HttpStatusCode.OK);
        inbox["items"]!.AsArray().Should().Contain(n => n!["kind"]!.GetValue<string>() == "invoice_overdue");

        var paidInPart = await ExpectProblem(
            await Post($"{Path}/{Id(partly)}/cancel", new { reason = "Не нужен" }),
            HttpStatusCode.Conflict,
            "invoice_state"
        );
        paidInPart["invoiceStatus"]!.GetValue<string>().Should().Be("overdue", "money was paid against it");
        var stillOverdue = await Pay(Id(partly), 1000);
        stillOverdue["invoice"]!["status"]!.GetValue<string>().Should().Be("overdue");
        (await Pay(Id(partly), 1000))["invoice"]!["status"]!.GetValue<string>().Should().Be("paid");
        var cancelled = await ExpectJson(
            await Post($"{Path}/{Id(late)}/cancel", new { reason = "Не нужен" }),
            HttpStatusCode.OK
        );
        cancelled["status"]!.GetValue<string>().Should().Be("cancelled");
    }

    [Fact]
    public async Task A_new_due_date_makes_an_overdue_invoice_due_again_and_is_told_about_again_when_it_passes()
    {
        var today = Today;
        var late = await FreeTextInvoice(3000);
        await Pay(Id(late), 1000);
        await SetDueOn([Id(late)], today.AddDays(-2));
        (await MarkOverdue()).Should().Be(1);
        var overdue = await ExpectJson(await Http.GetAsync($"{Path}/{Id(late)}"), HttpStatusCode.OK);
        overdue["status"]!.GetValue<string>().Should().Be("overdue");
        var version = overdue["version"]!.GetValue<long>();

        var due = Day(today.AddDays(10));
        await ExpectProblem(await Patch($"{Path}/{Id(late)}", new { dueOn = due }, null),
            HttpStatusCode.PreconditionRequired, "precondition_required");
        await ExpectProblem(await Patch($"{Path}/{Id(late)}", new { dueOn = due }, $"\"{version + 1}\""),
            HttpStatusCode.PreconditionFailed, "precondition_failed");
        foreach (var bad in new[] { Day(today.AddDays(-1)), Day(today.AddYears(1).AddDays(1)) })
        {
            var refused = await ExpectProblem(
                await Patch($"{Path}/{Id(late)}", new { dueOn = bad }, $"\"{version}\""),
                HttpStatusCode.BadRequest,
                "validation_failed");
            FieldErrors(refused, "dueOn").Should().NotBeEmpty();
        }

        var unchanged = await ExpectJson(await Patch($"{Path}/{Id(late)}", new { }, "*"), HttpStatusCode.OK);
        unchanged["version"]!.GetValue<long>().Should().Be(version, "an empty patch changes nothing");
        var moved = await ExpectJson(
            await Patch($"{Path}/{Id(late)}", new { dueOn = due }, $"\"{version}\""),
            HttpStatusCode.OK);
        moved["dueOn"]!.GetValue<string>().Should().Be(due);
        moved["status"]!.GetValue<string>().Should().Be("partly_paid", "money was paid against it before");
        (await MarkOverdue()).Should().Be(0, "it is not due yet");

        await SetDueOn([Id(late)], today.AddDays(-1));
        (await MarkOverdue()).Should().Be(1, "the new date passed too");
        (await Notices(Id(late), Franchisee)).Should().Be(2);
        (await EventsOf(Http, Id(late), 5)).Select(e => e["type"]!.GetValue<string>()).Should().Equal(
            "invoice.issued", "invoice.payment_recorded", "invoice.overdue", "invoice.updated", "invoice.overdue");

        await Pay(Id(late), 2000);
        var paid = await ExpectProblem(
            await Patch($"{Path}/{Id(late)}", new { dueOn = due }, "*"),
            HttpStatusCode.Conflict,
            "invoice_state");
        paid["invoiceStatus"]!.GetValue<string>().Should().Be("paid");
        await ExpectProblem(
            await Patch($"{Path}/{Guid.CreateVersion7()}", new { dueOn = due }, "*"),
            HttpStatusCode.NotFound,
            "not_found");
        await ExpectProblem(
            await Patch($"{Path}/{Id(late)}", new { dueOn = (string?)null }, "*"),
            HttpStatusCode.BadRequest,
            "validation_failed");
    }

    private static string Day(DateOnly day) =>
        day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Each_change_of_an_invoice_is_an_event_its_franchisee_and_head_office_read()
    {
        var invoice = await FreeTextInvoice(3000);
        await Pay(Id(invoice), 1000);
        await ExpectProblem(
            await Post($"{Path}/{Id(invoice)}/payments", new { amount = 5000, comment = "П/п" }),
            HttpStatusCode.Conflict,
            "payment_exceeds_amount_due"
        );
        await SetDueOn([Id(invoice)], Today.AddDays(-1));
        (await MarkOverdue()).Should().Be(1);
        await Pay(Id(invoice), 2000);
        var withdrawn = await FreeTextInvoice(500);
        await ExpectJson(await Post($"{Path}/{Id(withdrawn)}/cancel", new { reason = "Ошибка" }), HttpStatusCode.OK);

        var events = await EventsOf(Http, Id(invoice), 4);
        events.Select(e => e["type"]!.GetValue<string>()).Should().Equal(
            "invoice.issued",
            "invoice.payment_recorded",
            "invoice.overdue",
            "invoice.payment_recorded");
        events.Select(e => e["data"]!["status"]!.GetValue<string>())
            .Should().Equal("issued", "partly_paid", "overdue", "paid");
        events.Should().OnlyContain(e => e["resourceType"]!.GetValue<string>() == "invoice"
            && e["organizationId"]!.GetValue<string>() == Franchisee.ToString());
        (await EventsOf(Http, Id(withdrawn), 2)).Select(e => e["type"]!.GetValue<string>())
            .Should().Equal("invoice.issued", "invoice.cancelled");

        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        (await EventsOf(franchisee, Id(invoice), 4)).Should().HaveCount(4);
        using var other = await Purchases.OtherFranchiseeAsync(Server);
        (await ReadAll(other)).Should().NotContain(e => e["resourceType"]!.GetValue<string>() == "invoice");
    }

    [Fact]
    public async Task The_list_filters_by_status_organization_and_due_dates_and_a_franchisee_sees_its_own()
    {
        using var otherFranchisee = await Purchases.OtherFranchiseeAsync(Server);
        var paid = await FreeTextInvoice(100);
        await Pay(Id(paid), 100);
        var open = await FreeTextInvoice(200, dueOn: Today.AddDays(20));
        var other = await ExpectJson(
            await Post(Path, new { organizationId = Purchases.OtherFranchiseeOrganization, lines = FreeText(300) }),
            HttpStatusCode.Created
        );

        (await Ids($"{Path}?status=paid")).Should().Equal(Id(paid));
        (await Ids($"{Path}?status=paid&status=issued")).Should().Equal(Id(other), Id(open), Id(paid));
        (await Ids($"{Path}?organizationId={Purchases.OtherFranchiseeOrganization}")).Should().Equal(Id(other));
        var from = Today
            .AddDays(10)
            .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        (await Ids($"{Path}?dueFrom={from}")).Should().Equal(Id(open));
        (await Ids($"{Path}?dueTo={from}")).Should().Equal(Id(other), Id(paid));
        (await Ids($"{Path}?sort=createdAt&limit=1")).Should().Equal(Id(paid));
        // Paged one by one, so that each cursor carries the sort's value (a day, an amount) to the next page; paid
        // and other are due on the same day, and ties go by id.
        (await ListAllIds($"{Path}?sort=dueOn", 1)).Should().Equal(Id(paid), Id(other), Id(open));
        (await ListAllIds($"{Path}?sort=-dueOn", 1)).Should().Equal(Id(open), Id(other), Id(paid));
        (await ListAllIds($"{Path}?sort=total", 1)).Should().Equal(Id(paid), Id(open), Id(other));
        (await ListAllIds($"{Path}?sort=-total", 1)).Should().Equal(Id(other), Id(open), Id(paid));
        await ExpectProblem(await Http.GetAsync($"{Path}?status=late"), HttpStatusCode.BadRequest, "validation_failed");
        await ExpectProblem(
            await Http.GetAsync($"{Path}?dueFrom=2026-12-10&dueTo=2026-12-01"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );

        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var own = await ExpectJson(await franchisee.GetAsync(Path), HttpStatusCode.OK);
        own["items"]!.AsArray().Select(i => Id(i!.AsObject())).Should().Equal(Id(open), Id(paid));
        await ExpectProblem(await franchisee.GetAsync($"{Path}/{Id(other)}"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_top_up_invoice_is_issued_as_an_invoice_that_gets_paid()
    {
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var document = await ExpectJson(
            await franchisee.PostAsync("/api/v1/documents/invoices", Body(new { amount = 15000.5m })),
            HttpStatusCode.Created
        );
        var listed = await ExpectJson(await franchisee.GetAsync(Path), HttpStatusCode.OK);
        var invoice = listed["items"]!.AsArray().Single()!.AsObject();
        invoice["documentId"]!.GetValue<string>().Should().Be(Id(document));
        invoice["number"]!
            .GetValue<string>()
            .Should()
            .Be(document["generatedFrom"]!["input"]!["number"]!.GetValue<string>());
        invoice["total"]!.GetValue<decimal>().Should().Be(15000.5m);
        invoice["vatAmount"]!.GetValue<decimal>().Should().Be(2705.01m);
        invoice["status"]!.GetValue<string>().Should().Be("issued");
        (await Pay(Id(invoice), 15000.5m))["invoice"]!["status"]!.GetValue<string>().Should().Be("paid");
    }

    [Fact]
    public async Task Bad_invoices_are_refused_and_leave_nothing()
    {
        var archived = await CatalogueItem(100, vatRatePercent: 0);
        await Patch($"/api/v1/catalogue-items/{Id(archived)}", new { archived = true }, "*");

        async Task Refused(object lines, string field, Guid? organizationId = null, string? dueOn = null)
        {
            var body = new
            {
                organizationId = organizationId ?? Franchisee,
                lines,
                dueOn,
            };
            var problem = await ExpectProblem(await Post(Path, body), HttpStatusCode.BadRequest, "validation_failed");
            FieldErrors(problem, field).Should().NotBeEmpty();
        }

        await Refused(new[] { new { catalogueItemId = Id(archived), quantity = 1 } }, "lines[0].catalogueItemId");
        await Refused(
            new[] { new { catalogueItemId = Guid.CreateVersion7().ToString(), quantity = 1 } },
            "lines[0].catalogueItemId"
        );
        await Refused(
            new[]
            {
                new
                {
                    catalogueItemId = Id(archived),
                    description = "x",
                    unitPrice = 1,
                },
            },
            "lines[0].catalogueItemId"
        );
        await Refused(new[] { new { description = "x", unitPrice = 0.001m } }, "lines[0].unitPrice");
        await Refused(
            new[]
            {
                new
                {
                    description = "x",
                    unitPrice = 1,
                    quantity = 0,
                },
            },
            "lines[0].quantity"
        );
        await Refused(Array.Empty<object>(), "lines");
        await Refused(FreeText(60_000_000).Concat(FreeText(60_000_000)).ToArray(), "lines");
        await Refused(FreeText(1), "dueOn", dueOn: "2020-01-01");

        await ExpectProblem(
            await Post(Path, new { organizationId = Guid.CreateVersion7(), lines = FreeText(1) }),
            HttpStatusCode.NotFound,
            "not_found"
        );
        await ExpectProblem(
            await Post(Path, new { organizationId = TestActors.PartnerAlphaOrganization, lines = FreeText(1) }),
            HttpStatusCode.Conflict,
            "organization_not_franchisee"
        );
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        await ExpectProblem(
            await franchisee.PostAsync(Path, Body(new { organizationId = Franchisee, lines = FreeText(1) })),
            HttpStatusCode.Forbidden,
            "forbidden"
        );
        await ExpectProblem(
            await Post($"{Path}/{Guid.CreateVersion7()}/payments", new { amount = 1, comment = "П/п" }),
            HttpStatusCode.NotFound,
            "not_found"
        );

        (await Ids(Path)).Should().BeEmpty();
        var documents = await ExpectJson(await Http.GetAsync("/api/v1/documents?kind=invoice"), HttpStatusCode.OK);
        documents["items"]!.AsArray().Should().BeEmpty("a refused invoice generates no document");
    }

    [Fact]
    public async Task The_demo_catalogue_invoices_the_demo_franchisee_at_once_and_is_seeded_once()
    {
        await SeedDemoDataAsync();
        await SeedDemoDataAsync();

        var catalogue = await ExpectJson(await Http.GetAsync("/api/v1/catalogue-items"), HttpStatusCode.OK);
        var items = catalogue["items"]!.AsArray();
        items.Select(i => i!["name"]!.GetValue<string>()).Should().HaveCount(3).And.Contain("Пакет из 10 лидов");
        var invoice = await ExpectJson(
            await Post(
                Path,
                new
                {
                    organizationId = DemoDataSeeder.FranchiseeNorthId,
                    lines = new[] { new { catalogueItemId = Id(items[0]!.AsObject()), quantity = 1 } },
                }
            ),
            HttpStatusCode.Created
        );
        invoice["total"]!.GetValue<decimal>().Should().Be(25_000m);
    }

    private Task SeedDemoDataAsync() =>
        Server.WithServicesAsync(async services =>
        {
            await services.GetRequiredService<DemoDataSeeder>().SeedAsync(CancellationToken.None);
            return true;
        });

    private static object[] FreeText(decimal amount) =>
        [new { description = "Пополнение баланса", unitPrice = amount }];

    private async Task<JsonObject> CatalogueItem(decimal price, decimal? vatRatePercent) =>
        await ExpectJson(
            await Post(
                "/api/v1/catalogue-items",
                new
                {
                    name = "Пакет из 10 лидов",
                    unitPrice = price,
                    vatRatePercent,
                }
            ),
            HttpStatusCode.Created
        );

    private async Task<JsonObject> FreeTextInvoice(decimal amount, DateOnly? dueOn = null) =>
        await ExpectJson(
            await Post(
                Path,
                new
                {
                    organizationId = Franchisee,
                    lines = FreeText(amount),
                    dueOn = dueOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                }
            ),
            HttpStatusCode.Created
        );

    private async Task<JsonObject> Pay(string id, decimal amount) =>
        await ExpectJson(
            await Post($"{Path}/{id}/payments", new { amount, comment = "Платёжное поручение № 1842" }),
            HttpStatusCode.Created
        );

    private async Task<string> Status(JsonObject invoice) =>
        (await ExpectJson(await Http.GetAsync($"{Path}/{Id(invoice)}"), HttpStatusCode.OK))[
            "status"
        ]!.GetValue<string>();

    private async Task<List<string>> Ids(string url) =>
        (await ExpectJson(await Http.GetAsync(url), HttpStatusCode.OK))["items"]!
            .AsArray()
            .Select(i => Id(i!.AsObject()))
            .ToList();

    private Task SetDueOn(string[] ids, DateOnly dueOn) =>
        Server.WithServicesAsync(services =>
        {
            var guids = ids.Select(Guid.Parse).ToArray();
            return services
                .GetRequiredService<MakCrmDbContext>()
                .Database.ExecuteSqlAsync($"UPDATE invoices SET due_on = {dueOn} WHERE id = ANY({guids})");
        });

    private Task<int> MarkOverdue() =>
        Server.WithServicesAsync(services =>
            services.GetRequiredService<InvoiceOverdueDispatcher>().MarkBatchAsync(CancellationToken.None)
        );

    private Task<int> Notices(string invoiceId, Guid organizationId) =>
        Server.WithServicesAsync(services =>
            services
                .GetRequiredService<MakCrmDbContext>()
                .Set<Notification>()
                .CountAsync(n =>
                    n.Kind == NotificationKind.InvoiceOverdue
                    && n.SubjectId == Guid.Parse(invoiceId)
                    && n.OrganizationId == organizationId
                )
        );
}
