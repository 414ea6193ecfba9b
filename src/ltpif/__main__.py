from ltpif.cli.main import main

raise SystemExit(main())
