using MakCrm.Domain.Common;
using MakCrm.Domain.Consents;

namespace MakCrm.UnitTests.Domain;

public sealed class ConsentTests
{
    private static readonly DateTimeOffset GivenAt = new(2026, 8, 31, 12, 0, 0, TimeSpan.Zero);

    private static Consent Given(ConsentPurpose purpose, DateTimeOffset? expiresAt = null) =>
        Consent.Record(
            Guid.CreateVersion7(),
            Guid.CreateVersion7(),
            new ConsentGiven(
                Guid.CreateVersion7(),
                purpose,
                " 2026-08 ",
                GivenAt,
                ConsentSource.Form,
                ExpiresAt: expiresAt
            ),
            GivenAt
        );

    [Fact]
    public void A_credit_history_consent_ends_six_calendar_months_after_it_was_given_the_others_when_withdrawn()
    {
        var credit = Given(ConsentPurpose.CreditHistoryRequest);
        credit.ExpiresAt.Should().Be(new DateTimeOffset(2027, 2, 28, 12, 0, 0, TimeSpan.Zero), "31 August + 6 months");
        credit.StatusAt(credit.ExpiresAt!.Value.AddTicks(-1)).Should().Be(ConsentStatus.Active);
        credit.StatusAt(credit.ExpiresAt.Value).Should().Be(ConsentStatus.Expired);
        credit.TextVersion.Should().Be("2026-08");

        var processing = Given(ConsentPurpose.PersonalDataProcessing);
        processing.ExpiresAt.Should().BeNull();
        processing.StatusAt(GivenAt.AddYears(10)).Should().Be(ConsentStatus.Active);
        Given(ConsentPurpose.AdvertisingMessages, GivenAt.AddDays(30))
            .StatusAt(GivenAt.AddDays(30))
            .Should()
            .Be(ConsentStatus.Expired);
    }

    [Fact]
    public void A_withdrawal_is_a_state_that_keeps_its_first_time_and_source()
    {
        var consent = Given(ConsentPurpose.AdvertisingMessages);
        var version = consent.Version;
        consent.Withdraw(GivenAt.AddDays(1), ConsentSource.Bot, null, GivenAt.AddDays(1));
        consent.Withdraw(GivenAt.AddDays(2), ConsentSource.Form, null, GivenAt.AddDays(2));

        consent.WithdrawnAt.Should().Be(GivenAt.AddDays(1));
        consent.WithdrawalSource.Should().Be(ConsentSource.Bot);
        consent.Version.Should().Be(version + 1);
        consent.StatusAt(GivenAt.AddDays(3)).Should().Be(ConsentStatus.Withdrawn);
    }

    [Fact]
    public void The_rule_names_the_missing_purpose_in_a_conflict()
    {
        new ConsentRequired(ConsentPurpose.AdvertisingMessages, live: true).IsBroken().Should().BeFalse();
        var rule = new ConsentRequired(ConsentPurpose.AdvertisingMessages, live: false);
        rule.IsBroken().Should().BeTrue();
        rule.Error.Code.Should().Be(ErrorCodes.ConsentRequired);
        rule.Error.Kind.Should().Be(ErrorKind.Conflict);
        rule.Error.Extensions!["purpose"].Should().Be(ConsentPurpose.AdvertisingMessages);
        rule.Error.Message.Should().Contain("advertising_messages");
    }
}
