using MakCrm.Domain.Clients;
using MakCrm.Domain.Common;

namespace MakCrm.UnitTests.Domain;

public sealed class ClientTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private static ClientDetails Details(string name = "Иванов Иван", string? city = "Москва", string[]? tags = null, ClientConsent? consent = null) =>
        new(name, PhoneNumber.Parse("89991234567"), EmailAddress.Parse("a@b.ru"), city, "partner", ProcessingMethod.CallCenter, tags ?? ["vip"], consent);

    [Fact]
    public void Tags_are_trimmed_lower_cased_collapsed_deduplicated_and_ordered()
    {
        var client = Client.Create(Guid.CreateVersion7(), Guid.CreateVersion7(), Details(tags: [" VIP ", "ипотека   2027", "vip", "Б", "а"]), Now);

        client.Tags.Should().Equal("vip", "а", "б", "ипотека 2027");
    }

    [Fact]
    public void The_same_tags_in_another_spelling_and_the_same_consent_keep_the_version()
    {
        var consent = new ClientConsent(Now.AddTicks(7).ToOffset(TimeSpan.FromHours(3)), " v1 ", null);
        var client = Client.Create(Guid.CreateVersion7(), Guid.CreateVersion7(), Details(tags: ["b", "a"], consent: consent), Now);

        client.Update(Details(tags: ["A", "B", "a"], consent: new ClientConsent(Now, "v1", null)), Now.AddHours(1));

        client.Version.Should().Be(1);
        client.ConsentGivenAt.Should().Be(Now);
        client.ConsentGivenAt!.Value.Offset.Should().Be(TimeSpan.Zero);
        client.ConsentTextVersion.Should().Be("v1");
    }

    [Fact]
    public void Withdrawing_consent_is_a_change()
    {
        var client = Client.Create(Guid.CreateVersion7(), Guid.CreateVersion7(), Details(consent: new ClientConsent(Now, "v1", null)), Now);

        client.Update(Details(consent: new ClientConsent(Now, "v1", Now.AddHours(1))), Now.AddHours(1));

        client.Version.Should().Be(2);
        client.Details.Consent.Should().Be(new ClientConsent(Now, "v1", Now.AddHours(1)));
    }

    [Fact]
    public void A_new_client_is_version_one_with_collapsed_white_space()
    {
        var client = Client.Create(Guid.CreateVersion7(), Guid.CreateVersion7(), Details("  Иванов   Иван ", "  Нижний   Новгород "), Now);

        client.Version.Should().Be(1);
        client.FullName.Should().Be("Иванов Иван");
        client.City.Should().Be("Нижний Новгород");
        client.Phone.Should().Be("+79991234567");
        client.CreatedAt.Should().Be(Now);
        client.UpdatedAt.Should().Be(Now);
    }

    [Fact]
    public void An_update_that_changes_nothing_after_normalisation_keeps_version_and_time()
    {
        var client = Client.Create(Guid.CreateVersion7(), Guid.CreateVersion7(), Details(), Now);

        client.Update(Details(" Иванов  Иван "), Now.AddHours(1));

        client.Version.Should().Be(1);
        client.UpdatedAt.Should().Be(Now);
    }

    [Fact]
    public void A_real_update_bumps_version_and_time()
    {
        var client = Client.Create(Guid.CreateVersion7(), Guid.CreateVersion7(), Details(), Now);

        client.Update(Details(city: null), Now.AddHours(1));

        client.Version.Should().Be(2);
        client.City.Should().BeNull();
        client.UpdatedAt.Should().Be(Now.AddHours(1));
    }

    [Fact]
    public void A_client_with_leads_is_not_deleted()
    {
        var client = Client.Create(Guid.CreateVersion7(), Guid.CreateVersion7(), Details(), Now);

        var refused = client.Delete(activeLeadCount: 2, Now);

        refused.IsSuccess.Should().BeFalse();
        refused.Error!.Code.Should().Be(ErrorCodes.ClientHasLeads);
        refused.Error.Kind.Should().Be(ErrorKind.Conflict);
        client.DeletedAt.Should().BeNull();
        client.Version.Should().Be(1);

        client.Delete(activeLeadCount: 0, Now).IsSuccess.Should().BeTrue();
        client.DeletedAt.Should().Be(Now);
        client.Version.Should().Be(2);
    }
}
