namespace MakCrm.Application.Auction;

/// <summary>
/// The auction's rules (configuration section <c>Mak:Auction</c>): anti-sniping, the closing worker and the
/// redistribution policy for unsold leads.
/// </summary>
public sealed class AuctionOptions
{
    public const string Section = "Mak:Auction";

    /// <summary>A bid this close to the end extends it...</summary>
    public TimeSpan AntiSnipingWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>...to the bid's time plus this.</summary>
    public TimeSpan AntiSnipingExtension { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Off: this instance closes no lots (others on the same database still may).</summary>
    public bool ClosingEnabled { get; set; } = true;

    public TimeSpan ClosingPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Off: this instance delivers no outbid notifications (others on the same database still may).</summary>
    public bool OutbidNoticesEnabled { get; set; } = true;

    /// <summary>How often the notices of bids that took a lot's lead from another organization are turned into
    /// notifications.</summary>
    public TimeSpan OutbidNoticePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>An unsold lead is put up again this many times at most...</summary>
    public int MaxRelists { get; set; } = 2;

    /// <summary>...each time at the previous start price (and reserve) times this factor, rounded to
    /// kopecks...</summary>
    public decimal RelistPriceFactor { get; set; } = 0.8m;

    /// <summary>...for this long.</summary>
    public TimeSpan RelistDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// After the last relisting: <c>true</c> assigns the lead, free of charge, to the eligible franchisee whose last
    /// rotation assignment is the oldest (never first); <c>false</c> (or no eligible franchisee) leaves it with head
    /// office.
    /// </summary>
    public bool RotateAfterRelists { get; set; } = true;

    /// <summary>The lead statuses the auction moves leads into.</summary>
    public string AuctionStatus { get; set; } = "auction";

    public string SoldStatus { get; set; } = "in_progress";

    public string NotSoldStatus { get; set; } = "not_sold";
}
