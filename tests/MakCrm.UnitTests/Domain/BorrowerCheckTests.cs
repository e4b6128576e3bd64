using MakCrm.Domain.BorrowerChecks;

namespace MakCrm.UnitTests.Domain;

public sealed class BorrowerCheckTests
{
    [Theory]
    [InlineData("112-233-445 95", true)]
    [InlineData("11223344595", true)]
    [InlineData("112-233-445 96", false)]
    [InlineData("001-001-998 00", true)]
    [InlineData("1122334459", false)]
    [InlineData("112-233-445 9a", false)]
    [InlineData("920-000-100 00", true)]
    [InlineData("990-000-000 52", true)]
    [InlineData("990-000-000 53", false)]
    public void A_snils_is_valid_only_with_its_check_number(string snils, bool valid) =>
        Snils.IsValid(snils).Should().Be(valid);

    [Theory]
    [InlineData("Иванов Иван Иванович", "ИВАНОВ ИВАН ИВАНОВИЧ", 1.0)]
    [InlineData("Иван Иванович Иванов", "Иванов Иван Иванович", 1.0)]
    [InlineData("Пётр Семёнов", "Петр Семенов", 1.0)]
    [InlineData("Иванов Иван Иваноич", "Иванов Иван Иванович", 0.95)]
    public void Names_are_alike_whatever_the_case_the_letter_yo_and_the_order(string a, string b, double score) =>
        PersonNames
            .Similarity(PersonNames.Normalize(a), PersonNames.Normalize(b))
            .Should()
            .BeApproximately(score, 0.001);

    [Fact]
    public void A_match_needs_a_close_name_and_the_same_birth_date_where_the_list_gives_one()
    {
        var born = new DateOnly(1980, 2, 1);
        var listed = PersonNames.Normalize("ИВАНОВ ИВАН ИВАНОВИЧ");
        var typo = PersonNames.Normalize("Иванов Иван Иваноич");
        PersonNames.Match(typo, born, listed, born).Should().Be(0.95);
        PersonNames.Match(typo, born, listed, null).Should().Be(0.95);
        PersonNames.Match(listed, born.AddDays(1), listed, born).Should().BeNull();
        PersonNames.Match(PersonNames.Normalize("Петров Пётр"), born, listed, born).Should().BeNull();
    }

    [Fact]
    public void A_completed_check_keeps_its_first_outcome_and_an_unavailable_one_is_never_an_answer()
    {
        var now = DateTimeOffset.UtcNow;
        var request = new CheckRequest(
            Guid.NewGuid(),
            Guid.NewGuid(),
            BorrowerCheckKind.SelfEmployed,
            Guid.NewGuid(),
            "h",
            null
        );
        var check = BorrowerCheck.Start(Guid.NewGuid(), request, now);
        check.Status.Should().Be(BorrowerCheckStatus.Pending);
        check.Outcome.Should().BeNull();
        var unavailable = CheckResult.Unavailable(BorrowerCheckUnavailableReason.Captcha);
        unavailable.IsAnswer.Should().BeFalse();
        check.Complete(unavailable, now.AddSeconds(1));
        check.Complete(CheckResult.Clear(), now.AddSeconds(2));
        (check.Outcome, check.Reason)
            .Should()
            .Be((BorrowerCheckOutcome.Unavailable, BorrowerCheckUnavailableReason.Captcha));
        check.Provider.Should().Be(BorrowerCheckProvider.FnsNpd);
    }

    [Fact]
    public void A_company_check_is_the_registers_and_each_poll_of_a_task_counts()
    {
        var now = DateTimeOffset.UtcNow;
        var request = new CheckRequest(
            Guid.NewGuid(),
            Guid.NewGuid(),
            BorrowerCheckKind.CompanyRegistration,
            Guid.NewGuid(),
            "h",
            null
        );
        var check = BorrowerCheck.Start(Guid.NewGuid(), request, now);
        check.Provider.Should().Be(BorrowerCheckProvider.Egrul);
        check.AwaitTask("task", now);
        check.Polled();
        check.PollLater(now.AddSeconds(15), now.AddSeconds(1));
        check.Polled();
        check.Complete(CheckResult.Hit("liquidated"), now.AddSeconds(16));
        (check.Polls, check.Outcome).Should().Be((2, BorrowerCheckOutcome.Hit));
    }

    [Fact]
    public void The_policy_names_the_kinds_without_a_recent_clear_check_for_each_step()
    {
        var now = DateTimeOffset.UtcNow;
        var policy = BorrowerCheckPolicy.Default(now);
        policy
            .Missing(LeadStep.Auction, new Dictionary<BorrowerCheckKind, (BorrowerCheckOutcome, DateTimeOffset)>(), now)
            .Should()
            .BeEmpty();
        policy.Replace(
            [BorrowerCheckKind.Sanctions, BorrowerCheckKind.EnforcementProceedings],
            [BorrowerCheckKind.SelfEmployed, BorrowerCheckKind.Sanctions],
            7,
            now
        );
        var latest = new Dictionary<BorrowerCheckKind, (BorrowerCheckOutcome Outcome, DateTimeOffset CompletedAt)>
        {
            [BorrowerCheckKind.Sanctions] = (BorrowerCheckOutcome.Clear, now.AddDays(-8)),
            [BorrowerCheckKind.EnforcementProceedings] = (BorrowerCheckOutcome.Clear, now.AddDays(-1)),
        };
        policy.Missing(LeadStep.Auction, latest, now).Should().Equal(BorrowerCheckKind.Sanctions);
        policy
            .Missing(LeadStep.Bank, latest, now)
            .Should()
            .Equal(BorrowerCheckKind.SelfEmployed, BorrowerCheckKind.Sanctions);
        latest[BorrowerCheckKind.Sanctions] = (BorrowerCheckOutcome.Unavailable, now);
        policy.Missing(LeadStep.Auction, latest, now).Should().Equal(BorrowerCheckKind.Sanctions);
        latest[BorrowerCheckKind.Sanctions] = (BorrowerCheckOutcome.Clear, now);
        policy.Missing(LeadStep.Auction, latest, now).Should().BeEmpty();
        policy.Missing(LeadStep.Bank, latest, now).Should().Equal(BorrowerCheckKind.SelfEmployed);
    }
}
