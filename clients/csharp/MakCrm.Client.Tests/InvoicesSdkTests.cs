using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>Invoices that get paid through the SDK: a catalogue service, an invoice, payments, a cancel.</summary>
public sealed class InvoicesSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task Head_office_invoices_a_franchisee_from_the_catalogue_and_records_its_payments()
    {
        await TestData.FillHeadOfficeRequisitesAsync(Api);
        var service = await Api.CreateCatalogueItemAsync(
            new CreateCatalogueItemRequest
            {
                Name = "Пакет из 10 лидов",
                Unit = "пакет",
                UnitPrice = 25_000m,
            },
            Guid.NewGuid().ToString()
        );
        service.StatusCode.Should().Be(201);

        var issued = await Api.CreateInvoiceAsync(
            new CreateInvoiceRequest
            {
                OrganizationId = TestActors.FranchiseeOrganization,
                Lines = [new CreateInvoiceLineRequest { CatalogueItemId = service.Result.Id, Quantity = 2 }],
            },
            Guid.NewGuid().ToString()
        );
        issued.StatusCode.Should().Be(201);
        issued.Result.Status.Should().Be(InvoiceStatus.Issued);
        issued.Result.Total.Should().Be(50_000m);
        issued.Result.Lines.Single().Unit.Should().Be("пакет");

        var partly = await Api.RecordInvoicePaymentAsync(
            issued.Result.Id,
            new RecordInvoicePaymentRequest { Amount = 20_000m, Comment = "Платёжное поручение № 1" },
            Guid.NewGuid().ToString()
        );
        partly.Result.Invoice.Status.Should().Be(InvoiceStatus.Partly_paid);
        partly.Result.Invoice.AmountDue.Should().Be(30_000m);
        partly.Result.LedgerEntry.InvoiceId.Should().Be(issued.Result.Id);
        partly.Result.LedgerEntry.Kind.Should().Be(LedgerEntryKind.Deposit);

        var over = await Expect.ProblemAsync(
            () =>
                Api.RecordInvoicePaymentAsync(
                    issued.Result.Id,
                    new RecordInvoicePaymentRequest { Amount = 30_000.01m, Comment = "Лишнее" }
                ),
            409,
            "payment_exceeds_amount_due"
        );
        over.AmountDue.Should().Be(30_000m);
        var refused = await Expect.ProblemAsync(
            () => Api.CancelInvoiceAsync(issued.Result.Id, new CancelInvoiceRequest { Reason = "Ошибка" }),
            409,
            "invoice_state"
        );
        refused.InvoiceStatus.Should().Be("partly_paid");

        using var http = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var franchisee = new MakCrmApiClient(http);
        var own = await franchisee.ListInvoicesAsync(status: [InvoiceStatus.Partly_paid]);
        own.Result.Items.Select(i => i.Id).Should().Equal(issued.Result.Id);
        await Expect.ProblemAsync(
            () =>
                franchisee.RecordInvoicePaymentAsync(
                    issued.Result.Id,
                    new RecordInvoicePaymentRequest { Amount = 1m, Comment = "Сам себе" }
                ),
            403,
            "forbidden"
        );
    }

    [Fact]
    public async Task An_unpaid_invoice_is_cancelled_with_its_etag()
    {
        await TestData.FillHeadOfficeRequisitesAsync(Api);
        var issued = await Api.CreateInvoiceAsync(
            new CreateInvoiceRequest
            {
                OrganizationId = TestActors.FranchiseeOrganization,
                Lines = [new CreateInvoiceLineRequest { Description = "Пополнение баланса", UnitPrice = 1_000m }],
            }
        );
        var read = await Api.GetInvoiceAsync(issued.Result.Id);

        var cancelled = await Api.CancelInvoiceAsync(
            issued.Result.Id,
            new CancelInvoiceRequest { Reason = "Выставлен по ошибке" },
            read.ETag
        );
        cancelled.Result.Status.Should().Be(InvoiceStatus.Cancelled);
        cancelled.Result.AmountDue.Should().Be(0m);
        (await Api.ListInvoicesAsync(status: [InvoiceStatus.Cancelled])).Result.Items.Should().ContainSingle();
    }
}
