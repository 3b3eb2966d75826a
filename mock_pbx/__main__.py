from mock_pbx.cli import main

main()
