using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>Credit programmes, a lead's matches and a quote at a programme's commission through the SDK, against the
/// real API on a loopback port.</summary>
public sealed class CreditProgrammesSdkTests(ApiServerFixture server) : SdkTest(server)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private Task<MakCrmApiResponse<CreditProgramme>> CreateAsync(string name, decimal rateMin, decimal? amountMax) =>
        Api.CreateCreditProgrammeAsync(
            new CreateCreditProgrammeRequest
            {
                BankCode = "gazprombank",
                Name = name,
                Product = LoanProduct.Auto,
                RateMin = rateMin,
                RateMax = rateMin + 10m,
                AmountMax = amountMax,
                AgeMin = 21,
                Regions = ["77"],
                Documents = ["Паспорт РФ", "Водительское удостоверение"],
                EffectiveFrom = Today.AddDays(-30),
                CommissionPercent = 1.75m,
            },
            Guid.NewGuid().ToString()
        );

    [Fact]
    public async Task Programmes_are_kept_under_If_Match_and_a_lead_gets_its_matches_and_the_reasons()
    {
        var cheap = await CreateAsync("Автокредит без взноса", 9.9m, 3_000_000m);
        cheap.StatusCode.Should().Be(201);
        cheap.Result.Regions.Should().Equal("77");
        var small = await CreateAsync("Автокредит на подержанные", 12m, 500_000m);

        var changed = await Api.UpdateCreditProgrammeAsync(
            cheap.Result.Id,
            cheap.ETag!,
            new UpdateCreditProgrammeRequest { RateMin = 8.9m, Clear = { "amountMax" } }
        );
        changed.Result.RateMin.Should().Be(8.9m);
        changed.Result.AmountMax.Should().BeNull("the limit was sent as null");
        changed.Result.AgeMin.Should().Be(21, "what was neither set nor cleared is left as it was");
        await Expect.ProblemAsync(
            () =>
                Api.UpdateCreditProgrammeAsync(
                    cheap.Result.Id,
                    cheap.ETag!,
                    new UpdateCreditProgrammeRequest { Archived = true }
                ),
            412,
            "precondition_failed"
        );
        var listed = await Api.ListCreditProgrammesAsync(
            bankCode: "gazprombank",
            effectiveOn: Today,
            sort: CreditProgrammeSort.RateMin
        );
        listed.Result.Items.Select(p => p.Id).Should().Equal(cheap.Result.Id, small.Result.Id);

        var client = await Api.CreateClientAsync(TestData.NewClient());
        var lead = await Api.CreateLeadAsync(
            new CreateLeadRequest
            {
                ClientId = client.Result.Id,
                RequestedAmount = 1_200_000m,
                Product = LoanProduct.Auto,
            }
        );
        var unknownAge = await Api.MatchLeadCreditProgrammesAsync(lead.Result.Id, region: "77");
        unknownAge.Result.Matches.Should().BeEmpty();
        unknownAge.Result.NonMatches.Select(n => n.Reasons).Should().BeEquivalentTo(
            new[] { new[] { "needs_age" }, new[] { "amount_out_of_range", "needs_age" } },
            o => o.WithStrictOrdering()
        );

        var matched = await Api.MatchLeadCreditProgrammesAsync(lead.Result.Id, age: 35, region: "77");
        matched.Result.Matches.Select(p => p.Id).Should().Equal(cheap.Result.Id);
        matched.Result.Request.Age.Should().Be(35);
    }

    [Fact]
    public async Task The_profit_calculator_quotes_at_a_programmes_commission()
    {
        var programme = await CreateAsync("Автокредит", 11m, null);
        var quoted = (LoanProduct product) =>
            Api.QuoteCommissionAsync(
                new CommissionQuoteRequest
                {
                    BankCode = "gazprombank",
                    Product = product,
                    Amount = 2_000_000m,
                    TermMonths = 60,
                    CreditProgrammeId = programme.Result.Id,
                }
            );

        var quote = await quoted(LoanProduct.Auto);
        quote.Result.BaseRate.Should().Be(0.0175m);
        quote.Result.Base.Should().Be(35_000m);
        quote.Result.CreditProgrammeId.Should().Be(programme.Result.Id);
        await Expect.ProblemAsync(() => quoted(LoanProduct.Mortgage), 409, "credit_programme_not_applicable");
    }
}
