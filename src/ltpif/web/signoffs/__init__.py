"""Partners' sign-offs of a plan version (issue 13 item 4): who may sign for which partner type,
the version a sign-off is given for, and closing recorded concerns. No tables: sign-offs live
in the plan document (`sign_offs[]`); the changes are audited as every plan change is."""
