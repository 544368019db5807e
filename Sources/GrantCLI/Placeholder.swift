import GrantCore
