from zizhi.cli import main

raise SystemExit(main())
