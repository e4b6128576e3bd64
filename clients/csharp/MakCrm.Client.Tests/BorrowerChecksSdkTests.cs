using System.Text;
using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>Borrower checks through the SDK, against the real API on a loopback port: the sanctions list imported and
/// matched, a check that needs input, the lists of a client's and a lead's checks, and head office's policy.</summary>
public sealed class BorrowerChecksSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task A_sanctions_check_runs_against_the_imported_list_and_shows_on_the_client_and_its_lead()
    {
        var client = (await Api.CreateClientAsync(TestData.NewClient("Иванов Иван Иваноич"))).Result;
        var lead = (
            await Api.CreateLeadAsync(
                new CreateLeadRequest
                {
                    ClientId = client.Id,
                    RequestedAmount = 1_000_000m,
                    Product = LoanProduct.Mortgage,
                }
            )
        ).Result;
        await Expect.ProblemAsync(
            () =>
                Api.RunBorrowerCheckAsync(
                    new RunBorrowerCheckRequest { Kind = BorrowerCheckKind.Sanctions },
                    client.Id,
                    Guid.NewGuid().ToString()
                ),
            409,
            "consent_required"
        );
        await ConsentToChecksAsync(client.Id);

        // Росфинмониторинг's list file as delivered; an organization (ЮЛ) is not an entry.
        var xml = Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Перечень><АктуальныйПеречень>"
                + "<Субъект><ИдСубъекта>1</ИдСубъекта><ФЛ><ФИО>ИВАНОВ ИВАН ИВАНОВИЧ</ФИО>"
                + "<ДатаРождения>1980-02-01</ДатаРождения></ФЛ></Субъект>"
                + "<Субъект><ИдСубъекта>2</ИдСубъекта><ЮЛ><Наименование>ООО \"ТЕРРА\"</Наименование></ЮЛ></Субъект>"
                + "</АктуальныйПеречень></Перечень>"
        );
        var list = await Api.ImportSanctionsListAsync(
            Guid.NewGuid().ToString(),
            new FileParameter(new MemoryStream(xml), "list.xml", "application/xml"),
            "2026-11-27 № 1"
        );
        list.StatusCode.Should().Be(201);
        list.Result.Entries.Should().Be(1);
        (await Api.GetSanctionsListAsync(list.Result.Id)).Result.Version.Should().Be("2026-11-27 № 1");

        var hit = await Api.RunBorrowerCheckAsync(
            new RunBorrowerCheckRequest { Kind = BorrowerCheckKind.Sanctions, BirthDate = new DateOnly(1980, 2, 1) },
            client.Id,
            Guid.NewGuid().ToString()
        );
        hit.StatusCode.Should().Be(201);
        hit.Result.Outcome.Should().Be(BorrowerCheckOutcome.Hit);
        hit.Result.ListVersion.Should().Be("2026-11-27 № 1");
        var match = hit.Result.Matches.Should().ContainSingle().Subject;
        match.FullName.Should().Be("ИВАНОВ ИВАН ИВАНОВИЧ");
        var needsInput = await Api.RunBorrowerCheckAsync(
            new RunBorrowerCheckRequest { Kind = BorrowerCheckKind.Self_employed },
            client.Id,
            Guid.NewGuid().ToString()
        );
        needsInput.Result.Outcome.Should().Be(BorrowerCheckOutcome.Needs_input);
        needsInput.Result.Missing.Should().Equal("inn");

        (await Api.GetBorrowerCheckAsync(hit.Result.Id)).Result.Outcome.Should().Be(BorrowerCheckOutcome.Hit);
        (await Api.ListClientBorrowerChecksAsync(client.Id, BorrowerCheckKind.Sanctions))
            .Result.Items.Select(c => c.Id)
            .Should()
            .Equal(hit.Result.Id);
        (await Api.ListLeadBorrowerChecksAsync(lead.Id))
            .Result.Items.Select(c => c.Id)
            .Should()
            .Equal(needsInput.Result.Id, hit.Result.Id);

        // ФССП searches one region: without it the check waits for input.
        var noRegion = await Api.RunBorrowerCheckAsync(
            new RunBorrowerCheckRequest
            {
                Kind = BorrowerCheckKind.Enforcement_proceedings,
                BirthDate = new DateOnly(1980, 2, 1),
            },
            client.Id,
            Guid.NewGuid().ToString()
        );
        noRegion.Result.Outcome.Should().Be(BorrowerCheckOutcome.Needs_input);
        noRegion.Result.Missing.Should().Equal("region");
    }

    [Fact]
    public async Task A_company_registration_check_takes_an_ogrn_checked_locally_and_is_never_clear_unasked()
    {
        var client = (await Api.CreateClientAsync(TestData.NewClient("Петров Пётр Петрович"))).Result;
        await ConsentToChecksAsync(client.Id);
        await Expect.ProblemAsync(
            () =>
                Api.RunBorrowerCheckAsync(
                    new RunBorrowerCheckRequest
                    {
                        Kind = BorrowerCheckKind.Company_registration,
                        Ogrn = "1027700132196",
                    },
                    client.Id,
                    Guid.NewGuid().ToString()
                ),
            400,
            "validation_failed"
        );
        var none = await Api.RunBorrowerCheckAsync(
            new RunBorrowerCheckRequest { Kind = BorrowerCheckKind.Company_registration },
            client.Id,
            Guid.NewGuid().ToString()
        );
        none.Result.Outcome.Should().Be(BorrowerCheckOutcome.Needs_input);
        none.Result.Missing.Should().Equal("inn", "ogrn");

        // The test server has no key for the register: the check is unavailable, never clear.
        var unasked = await Api.RunBorrowerCheckAsync(
            new RunBorrowerCheckRequest { Kind = BorrowerCheckKind.Company_registration, Ogrn = "1027700132195" },
            client.Id,
            Guid.NewGuid().ToString()
        );
        unasked.StatusCode.Should().Be(201);
        unasked.Result.Provider.Should().Be(BorrowerCheckProvider.Egrul);
        (unasked.Result.Outcome, unasked.Result.Reason)
            .Should()
            .Be((BorrowerCheckOutcome.Unavailable, BorrowerCheckUnavailableReason.Not_configured));
    }

    private Task ConsentToChecksAsync(Guid clientId) =>
        Api.CreateConsentAsync(
            new CreateConsentRequest
            {
                ClientId = clientId,
                Purpose = ConsentPurpose.BorrowerChecks,
                TextVersion = "2026-11",
                GivenAt = DateTimeOffset.UtcNow.AddMinutes(-1),
                Source = ConsentSource.Form,
            },
            Guid.NewGuid().ToString()
        );

    [Fact]
    public async Task Head_offices_policy_is_read_and_replaced_under_If_Match()
    {
        var policy = await Api.GetBorrowerCheckPolicyAsync();
        policy.Result.RequiredBeforeAuction.Should().BeEmpty();
        policy.Result.RequiredBeforeBank.Should().BeEmpty();
        var changed = await Api.ReplaceBorrowerCheckPolicyAsync(
            new ReplaceBorrowerCheckPolicyRequest
            {
                RequiredBeforeAuction = [BorrowerCheckKind.Sanctions],
                RequiredBeforeBank = [BorrowerCheckKind.Sanctions, BorrowerCheckKind.Self_employed],
                ValidDays = 14,
            },
            $"\"{policy.Result.Version}\""
        );
        changed.Result.RequiredBeforeAuction.Should().Equal(BorrowerCheckKind.Sanctions);
        changed.Result.RequiredBeforeBank.Should().Equal(BorrowerCheckKind.Self_employed, BorrowerCheckKind.Sanctions);
        changed.Result.ValidDays.Should().Be(14);

        // A deal that names a bank sends its client there: refused without the checks the policy requires.
        var client = (await Api.CreateClientAsync(TestData.NewClient("Банков Борис Борисович"))).Result;
        var toBank = new CreateDealRequest
        {
            ClientId = client.Id,
            Title = "Ипотека",
            Amount = 3_000_000m,
            Product = LoanProduct.Mortgage,
            Bank = "Сбербанк",
        };
        var refused = await Expect.ProblemAsync(
            () => Api.CreateDealAsync(toBank, Guid.NewGuid().ToString()),
            409,
            "borrower_check_required"
        );
        refused.AdditionalProperties["kinds"].ToString().Should().Contain("self_employed").And.Contain("sanctions");
        toBank.Bank = null;
        (await Api.CreateDealAsync(toBank, Guid.NewGuid().ToString())).StatusCode.Should().Be(201);
        await Expect.ProblemAsync(
            () =>
                Api.ReplaceBorrowerCheckPolicyAsync(
                    new ReplaceBorrowerCheckPolicyRequest { RequiredBeforeAuction = [], ValidDays = 30 },
                    $"\"{policy.Result.Version}\""
                ),
            412,
            "precondition_failed"
        );
    }
}
