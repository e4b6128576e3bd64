using System.Text.RegularExpressions;
using System.Xml.Linq;
using MakCrm.Application.Documents.Generation;
using MakCrm.Infrastructure.Commissions;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.Client.Tests;

/// <summary>A settlement act through the SDK: head office drafts and issues it, the partner signs it with the mailed code, head office pays it.</summary>
public sealed partial class SettlementsSdkTests(ApiServerFixture server) : SdkTest(server)
{
    private static DateOnly DaysAgo(int days) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-days);

    // Today in head office's books, in which acts are dated and paid.
    private static DateOnly BooksToday => DocumentDates.Today(TimeProvider.System);

    [Fact]
    public async Task An_act_is_drafted_issued_signed_with_the_mailed_code_and_paid()
    {
        await FillRequisitesAsync();
        var bank = $"sdks_{Guid.NewGuid():N}"[..20];
        await Api.CreateBankAsync(new CreateBankRequest { Code = bank, Name = "Банк актов" });
        await Api.CreateCommissionRuleAsync(new CreateCommissionRuleRequest
        {
            Kind = CommissionRuleKind.Base, EffectiveFrom = DaysAgo(365), BankCode = bank, Product = LoanProduct.Consumer, BaseMethod = CommissionBaseMethod.Rate, Rate = 0.02m,
        });
        await Api.CreateCommissionRuleAsync(new CreateCommissionRuleRequest { Kind = CommissionRuleKind.Partner_share, EffectiveFrom = DaysAgo(365), Grade = "default", Rate = 0.5m });

        // Partner Alpha brings a lead; head office's deal on it issues a loan whose 30-day hold has ended.
        using var alphaHttp = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var alpha = new MakCrmApiClient(alphaHttp);
        var borrower = await alpha.CreateClientAsync(TestData.NewClient("Актов Аркадий"));
        var lead = await alpha.CreateLeadAsync(new CreateLeadRequest { ClientId = borrower.Result.Id, RequestedAmount = 1_000_000m, Product = LoanProduct.Consumer });
        var deal = await Api.CreateDealAsync(new CreateDealRequest
        {
            ClientId = borrower.Result.Id, LeadId = lead.Result.Id, Title = "Потребкредит", Amount = 1_000_000m, Product = LoanProduct.Consumer,
        });
        await Api.RecordLoanIssueAsync(deal.Result.Id, new RecordLoanIssueRequest
        {
            IssuedOn = DaysAgo(40), Amount = 1_000_000m, BankCode = bank, Product = LoanProduct.Consumer, TermMonths = 36,
        });
        await ReleaseDueHoldsAsync();

        var draft = await Api.DraftSettlementActAsync(
            new DraftSettlementActRequest { OrganizationId = TestActors.PartnerAlphaOrganization, PeriodFrom = DaysAgo(60), PeriodTo = DaysAgo(0) },
            Guid.NewGuid().ToString());
        draft.StatusCode.Should().Be(201);
        draft.Result.Status.Should().Be(SettlementActStatus.Draft);
        draft.Result.Total.Should().Be(10_000m);
        draft.Result.Lines.Should().ContainSingle().Which.DealId.Should().Be(deal.Result.Id);

        var issued = await Api.IssueSettlementActAsync(draft.Result.Id, draft.ETag!);
        issued.Result.Status.Should().Be(SettlementActStatus.Issued);
        issued.Result.Number.Should().MatchRegex(@"^А-\d{4}-\d{6}$");
        (await alpha.ListSettlementActsAsync()).Result.Items.Select(a => a.Id).Should().Equal(draft.Result.Id);

        var sent = await alpha.RequestSettlementAcceptanceCodeAsync(draft.Result.Id);
        sent.StatusCode.Should().Be(202);
        var mail = await Server.Mail.NextMailToAsync(TestActor.PartnerAlpha.Email());
        var code = SixDigits().Match(mail.Text).Groups[1].Value;
        await Expect.ProblemAsync(
            () => alpha.AcceptSettlementActAsync(new AcceptSettlementActRequest { Code = code == "000000" ? "111111" : "000000" }, draft.Result.Id),
            400, "settlement_acceptance_code_invalid");
        var accepted = await alpha.AcceptSettlementActAsync(new AcceptSettlementActRequest { Code = code }, draft.Result.Id);
        accepted.Result.Status.Should().Be(SettlementActStatus.Accepted);
        accepted.Result.Acceptance!.DocumentSha256.Should().HaveLength(64);

        await Expect.ProblemAsync(
            () => Api.RecordSettlementPayoutAsync(new RecordSettlementPayoutRequest { PaidOn = BooksToday, Amount = 9_000m }, draft.Result.Id, accepted.ETag!),
            409, "settlement_payout_mismatch");
        var paid = await Api.RecordSettlementPayoutAsync(new RecordSettlementPayoutRequest { PaidOn = BooksToday, Amount = 10_000m }, draft.Result.Id, accepted.ETag!);
        paid.Result.Status.Should().Be(SettlementActStatus.Paid);
        paid.Result.Payout!.Amount.Should().Be(10_000m);

        // The signed act, now paid, is in the partner's EnterpriseData message for 1С.
        using (var message = await alpha.ExportSettlementEnterpriseDataAsync(DaysAgo(2), DaysAgo(-2)))
        {
            message.StatusCode.Should().Be(200);
            XNamespace ed = "http://v8.1c.ru/edi/edi_stnd/EnterpriseData/1.8";
            var body = (await XDocument.LoadAsync(message.Stream, LoadOptions.None, CancellationToken.None)).Root!
                .Element(ed + "Body")!;
            string Id(XElement item) => item.Element(ed + "Ссылка")!.Value;
            var receipt = body.Elements(ed + "Документ.ПоступлениеТоваровУслуг")
                .Single(d => Id(d.Element(ed + "КлючевыеСвойства")!) == draft.Result.Id.ToString());
            receipt.Element(ed + "Сумма")!.Value.Should().Be("10000.00");
            var partner = receipt.Element(ed + "Контрагент")!;
            Id(partner).Should().Be(TestActors.PartnerAlphaOrganization.ToString());
        }

        await Expect.ProblemAsync(
            () => Api.ExportSettlementEnterpriseDataAsync(DaysAgo(0), DaysAgo(1)), 400, "validation_failed");

        var statement = await alpha.CreateReconciliationStatementAsync(
            new CreateReconciliationStatementRequest { From = DaysAgo(365), To = DaysAgo(0) }, TestActors.PartnerAlphaOrganization);
        statement.StatusCode.Should().Be(201);
        statement.Result.Kind.Should().Be(DocumentKind.Reconciliation);
        await Expect.ProblemAsync(() => alpha.DraftSettlementActAsync(
            new DraftSettlementActRequest { OrganizationId = TestActors.PartnerAlphaOrganization, PeriodFrom = DaysAgo(60), PeriodTo = DaysAgo(0) }), 403, "forbidden");
    }

    /// <summary>Runs the hold release the background worker runs (the test server keeps it off).</summary>
    private Task ReleaseDueHoldsAsync() => Server.WithServicesAsync(async services =>
    {
        using var scope = services.CreateScope();
        var release = ActivatorUtilities.CreateInstance<CommissionHoldRelease>(scope.ServiceProvider);
        while (await release.ReleaseDueAsync(100, CancellationToken.None) > 0)
        {
        }

        return 0;
    });

    private async Task FillRequisitesAsync()
    {
        await TestData.FillHeadOfficeRequisitesAsync(Api);
        var alpha = await Api.GetOrganizationAsync(TestActors.PartnerAlphaOrganization);
        await Api.UpdateOrganizationProfileAsync(TestActors.PartnerAlphaOrganization, alpha.ETag!, new UpdateOrganizationProfileRequest
        {
            LegalName = "ИП Соколова Анна Викторовна", LegalForm = UpdateOrganizationProfileRequestLegalForm.Ip, Inn = "695201473899",
            LegalAddress = "г. Тверь, ул. Советская, д. 1",
        });
    }

    [GeneratedRegex(@"(?m)^\s*(\d{6})\s*$")]
    private static partial Regex SixDigits();
}
