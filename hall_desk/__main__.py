from hall_desk.cli import main

raise SystemExit(main())
