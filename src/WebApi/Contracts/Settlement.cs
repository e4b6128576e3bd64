using MakCrm.Application.Abstractions.Documents;
using MakCrm.Application.Common;
using MakCrm.Application.Settlements;
using MakCrm.Domain.Settlements;

namespace MakCrm.WebApi.Contracts;
