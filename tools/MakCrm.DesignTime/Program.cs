// The design-time host for `dotnet ef`; it is never run. See ./mak migration-add.
Console.WriteLine("Use: ./mak migration-add <Name>");
