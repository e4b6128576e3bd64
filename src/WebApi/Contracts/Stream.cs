namespace MakCrm.WebApi.Contracts;

/// <summary>A single-use stream ticket (schema <c>StreamTicket</c>), shown once.</summary>
public sealed record StreamTicket(string Ticket, DateTimeOffset ExpiresAt);
