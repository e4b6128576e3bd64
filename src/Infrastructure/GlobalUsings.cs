// Namespaces most of this project's files use, imported once for all of them.
global using Microsoft.EntityFrameworkCore;
