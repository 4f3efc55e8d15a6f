print("gridgov")
