from exportgraph.cli import main

main()
